// What a harness is, and the invariant every input is held to: the parser returns, or
// throws a CrashlensError (typed: BadDataError, FaultError…). Any other exception, a
// hang (watchdog in campaign.ts) or running out of memory is a bug.
import { CrashlensError } from '../../src/analysis/errors';
import type { FixtureFile } from './fixture-files';
import type { FuzzInput } from './fuzz-input';

export interface SeedContext {
  /** Real dumps available on this machine (always at least the in-repo sample). */
  fixtures: FixtureFile[];
  /** The debug vmlinux of the shared fixtures, when already fetched. */
  vmlinux: string | null;
}

export interface Harness {
  readonly name: string;
  /** Synthetic seeds plus extracts of real fixtures. Deterministic. */
  seeds(ctx: SeedContext): Promise<FuzzInput[]>;
  /** Runs one input through the parser's public API. Throws only what the parser threw. */
  run(input: FuzzInput): Promise<void>;
}

export type Outcome = { kind: 'ok' } | { kind: 'typed'; code: string } | { kind: 'bug'; error: ErrorReport };

export interface ErrorReport {
  name: string;
  message: string;
  stack: string;
}

export function errorReport(e: unknown): ErrorReport {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack ?? `${e.name}: ${e.message}` };
  return { name: typeof e, message: String(e), stack: String(e) };
}

export async function runOne(h: Harness, input: FuzzInput): Promise<Outcome> {
  try {
    await h.run(input);
    return { kind: 'ok' };
  } catch (e) {
    if (e instanceof CrashlensError) return { kind: 'typed', code: e.code };
    return { kind: 'bug', error: errorReport(e) };
  }
}

/** Runs a step whose typed failure is an acceptable answer, so later steps still run. */
export async function tolerate<T>(step: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof CrashlensError) return undefined;
    throw e;
  }
}

/** Synchronous tolerate(). */
export function tolerateSync<T>(step: () => T): T | undefined {
  try {
    return step();
  } catch (e) {
    if (e instanceof CrashlensError) return undefined;
    throw e;
  }
}
