// Saved failing inputs: fuzz/regressions/<harness>/<hash>.bin with <hash>.txt beside it
// (kind, exception, stack, seed and mutations). Every .bin is replayed by
// tests/robustness/fuzz-regressions.test.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzInput } from './fuzz-input';
import { decodeInput, encodeInput, inputHash } from './serialize';

export interface FailureInfo {
  kind: string;
  index: number;
  error: { name: string; message: string; stack: string };
  trace: string[];
  signature: string;
}

export function saveFailure(dir: string, harness: string, input: FuzzInput, f: FailureInfo): string {
  const bytes = encodeInput(input);
  const hash = inputHash(bytes);
  const hd = join(dir, harness);
  mkdirSync(hd, { recursive: true });
  const bin = join(hd, `${hash}.bin`);
  if (!existsSync(bin)) writeFileSync(bin, bytes);
  const text = [
    `harness: ${harness}`,
    `kind: ${f.kind}`,
    `signature: ${f.signature}`,
    `input: ${f.index} (${input.label})`,
    `trace:`,
    ...f.trace.map((t) => `  ${t}`),
    `error: ${f.error.name}: ${f.error.message}`,
    f.error.stack,
    '',
  ].join('\n');
  writeFileSync(join(hd, `${hash}.txt`), text);
  return bin;
}

/** Every saved input of `harness` under `dir`, sorted by file name. */
export function loadRegressions(dir: string, harness: string): FuzzInput[] {
  const hd = join(dir, harness);
  if (!existsSync(hd)) return [];
  return readdirSync(hd)
    .filter((n) => n.endsWith('.bin'))
    .sort()
    .map((n) => decodeInput(readFileSync(join(hd, n)), `${harness}/${n}`, n.replace(/\.bin$/, '')));
}

/** Harness names that have a regressions directory. */
export function regressionHarnesses(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
