// The worker-thread side of a campaign: runs inputs [start, end) until the deadline and
// publishes the current input index in shared memory, so that the parent can tell a hang
// (same index running past the time limit) and kill the thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { FuzzInput } from './fuzz-input';
import { generateInput, type Generated } from './generate';
import { runOne, type ErrorReport } from './harness';
import { loadHarness } from './registry';

export interface WorkerJob {
  harness: string;
  /** Generate mode: mutants of these seeds. */
  seeds?: FuzzInput[];
  /** Replay mode: exactly these inputs. */
  inputs?: FuzzInput[];
  runSeed: number;
  start: number;
  /** Exclusive; Infinity in generate mode. */
  end: number;
  /** Epoch ms after which no new input starts. */
  deadline: number;
  shared: SharedArrayBuffer;
}

/** Int32 slots of the shared status array. */
export const S_INDEX = 0;
export const S_RUNNING = 1;
export const S_DONE = 2;
export const S_TYPED = 3;
export const S_OK = 4;
export const S_SLOWEST_MS = 5;
export const S_SLOWEST_INDEX = 6;
export const S_SLOTS = 7;

export type WorkerMessage = { type: 'bug'; index: number; error: ErrorReport; trace: string[] } | { type: 'done' };

export function jobInput(job: Pick<WorkerJob, 'seeds' | 'inputs' | 'runSeed' | 'harness'>, index: number): Generated {
  if (job.inputs) return { input: job.inputs[index]!, trace: [`replay ${job.inputs[index]!.label}`] };
  return generateInput(job.seeds ?? [], job.runSeed, job.harness, index);
}

export async function workerMain(): Promise<void> {
  const job = workerData as WorkerJob;
  const status = new Int32Array(job.shared);
  const harness = await loadHarness(job.harness);
  const end = job.inputs ? Math.min(job.end, job.inputs.length) : job.end;
  for (let i = job.start; i < end && Date.now() < job.deadline; i++) {
    const g = jobInput(job, i);
    Atomics.store(status, S_INDEX, i);
    Atomics.store(status, S_RUNNING, 1);
    const t0 = performance.now();
    const outcome = await runOne(harness, g.input);
    const ms = Math.round(performance.now() - t0);
    Atomics.store(status, S_RUNNING, 0);
    Atomics.add(status, S_DONE, 1);
    if (ms > Atomics.load(status, S_SLOWEST_MS)) {
      Atomics.store(status, S_SLOWEST_MS, ms);
      Atomics.store(status, S_SLOWEST_INDEX, i);
    }
    if (outcome.kind === 'typed') Atomics.add(status, S_TYPED, 1);
    else if (outcome.kind === 'ok') Atomics.add(status, S_OK, 1);
    else parentPort!.postMessage({ type: 'bug', index: i, error: outcome.error, trace: g.trace } satisfies WorkerMessage);
  }
  parentPort!.postMessage({ type: 'done' } satisfies WorkerMessage);
}
