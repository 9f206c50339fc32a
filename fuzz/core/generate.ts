// Input number i of a run: the seeds themselves first, then mutants. A pure function of
// (seeds, run seed, harness name, i), so the parent can rebuild an input that hung.
import type { FuzzInput } from './fuzz-input';
import { mutate } from './mutate';
import { mixSeed, Rng } from './rng';

export interface Generated {
  input: FuzzInput;
  /** The seed label and the mutations applied, for the failure report. */
  trace: string[];
}

export function generateInput(seeds: readonly FuzzInput[], runSeed: number, harness: string, index: number): Generated {
  if (seeds.length === 0) throw new RangeError(`harness ${harness} has no seeds`);
  if (index < seeds.length) return { input: seeds[index]!, trace: [`seed ${seeds[index]!.label}`] };
  const rng = new Rng(mixSeed(runSeed, harness, index));
  const base = rng.pick(seeds);
  const other = seeds.length > 1 && rng.chance(0.1) ? rng.pick(seeds) : null;
  const { input, trace } = mutate(base, other, rng);
  return { input, trace: [`seed ${base.label}`, ...trace] };
}
