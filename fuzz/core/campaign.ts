// One harness's run: seeds are made here (in the parent), inputs run in a worker thread
// under a watchdog. A bug (untyped exception), a hang (one input past the time limit)
// or a crash of the worker (out of memory, uncaught error) is recorded with the input
// that caused it; the worker is then restarted after that input.
import { Worker } from 'node:worker_threads';
import { hangStack } from './hang-stack';
import type { FuzzInput } from './fuzz-input';
import { inputBytes } from './fuzz-input';
import { errorReport, type ErrorReport, type SeedContext } from './harness';
import { loadHarness } from './registry';
import { knownBugOf } from './known-bugs';
import { saveFailure } from './regressions';
import {
  jobInput,
  S_DONE,
  S_INDEX,
  S_OK,
  S_RUNNING,
  S_SLOTS,
  S_SLOWEST_INDEX,
  S_SLOWEST_MS,
  S_TYPED,
  type WorkerJob,
  type WorkerMessage,
} from './worker';

export type FailureKind = 'bug' | 'hang' | 'crash';

export interface Failure {
  kind: FailureKind;
  index: number;
  error: ErrorReport;
  trace: string[];
  signature: string;
  /** Path of the saved .bin, when saved. */
  saved: string | null;
  /** Id of the known, unfixed bug it matches (see known-bugs.ts). */
  known: string | null;
}

export interface CampaignOptions {
  harness: string;
  /** Wall-clock budget of the run (ignored in replay mode, which runs every input). */
  seconds: number;
  runSeed: number;
  /** Time limit of one input. */
  timeoutMs: number;
  /** Where failing inputs go (`<dir>/<harness>/<hash>.bin`); null: not saved. */
  saveDir: string | null;
  /** Replay these inputs instead of mutating seeds. */
  replay?: FuzzInput[];
  /** V8 old-space limit of the worker. */
  memoryMb?: number;
  /** Path of the bundle to start as the worker (the running bundle itself). */
  workerScript: string;
  ctx: SeedContext;
}

export interface CampaignResult {
  harness: string;
  runSeed: number;
  seeds: number;
  seedBytes: number;
  inputs: number;
  ok: number;
  typed: number;
  /** Distinct failures not matching a known bug. */
  failures: Failure[];
  /** Failures matching a known bug (not saved). */
  known: Failure[];
  /** Failing inputs with a signature seen before in this run (not saved again). */
  duplicates: number;
  seconds: number;
  perSecond: number;
  slowestMs: number;
  slowestIndex: number;
}

const POLL_MS = 50;
const STARTUP_MS = 60_000;

/** Kind, exception name and the innermost stack frame (file:line): one per distinct bug. */
export function signatureOf(kind: FailureKind, e: ErrorReport): string {
  const frame = e.stack.split('\n').find((l) => l.trim().startsWith('at ')) ?? '';
  const loc = /\(?([^\s()]+?)(?::\d+)?\)?$/.exec(frame.trim())?.[1] ?? '';
  const short = loc.replace(/^.*?\b(src|node_modules|fuzz|tests)\//, '$1/');
  return `${kind}:${e.name}:${short}`;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const harness = await loadHarness(o.harness);
  const seeds = o.replay ? [] : await harness.seeds(o.ctx);
  const shared = new SharedArrayBuffer(S_SLOTS * 4);
  const status = new Int32Array(shared);
  const failures: Failure[] = [];
  const knownFailures: Failure[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const t0 = Date.now();
  const deadline = o.replay ? Infinity : t0 + o.seconds * 1000;
  const end = o.replay ? o.replay.length : Infinity;
  const job = { harness: o.harness, seeds, runSeed: o.runSeed, ...(o.replay ? { inputs: o.replay } : {}) };

  const record = (kind: FailureKind, index: number, error: ErrorReport, trace?: string[]) => {
    const signature = signatureOf(kind, error);
    const g = jobInput(job, index);
    const known = knownBugOf(signature, error.stack)?.id ?? null;
    const f: Failure = { kind, index, error, trace: trace ?? g.trace, signature, saved: null, known };
    if (seen.has(signature) && !o.replay) {
      duplicates++;
      return;
    }
    seen.add(signature);
    if (known) {
      knownFailures.push(f);
      return;
    }
    if (o.saveDir && !o.replay) f.saved = saveFailure(o.saveDir, o.harness, g.input, f);
    failures.push(f);
  };

  let start = 0;
  while (start < end && Date.now() < deadline) {
    const stoppedAt = await runWorker({ ...job, start, end, deadline, shared }, o, status, record);
    if (stoppedAt === null) break;
    start = stoppedAt + 1;
  }
  const seconds = (Date.now() - t0) / 1000;
  const inputs = Atomics.load(status, S_DONE) + [...failures, ...knownFailures].filter((f) => f.kind !== 'bug').length;
  return {
    harness: o.harness,
    runSeed: o.runSeed,
    seeds: seeds.length,
    seedBytes: seeds.reduce((s, i) => s + inputBytes(i), 0),
    inputs,
    ok: Atomics.load(status, S_OK),
    typed: Atomics.load(status, S_TYPED),
    failures,
    known: knownFailures,
    duplicates,
    seconds,
    perSecond: inputs / Math.max(seconds, 1e-3),
    slowestMs: Atomics.load(status, S_SLOWEST_MS),
    slowestIndex: Atomics.load(status, S_SLOWEST_INDEX),
  };
}

/**
 * Runs one worker until it finishes (returns null) or must be killed (returns the index
 * of the input that hung or crashed it, already recorded).
 */
function runWorker(
  job: WorkerJob,
  o: CampaignOptions,
  status: Int32Array,
  record: (kind: FailureKind, index: number, error: ErrorReport, trace?: string[]) => void,
): Promise<number | null> {
  Atomics.store(status, S_RUNNING, 0);
  Atomics.store(status, S_INDEX, job.start);
  const w = new Worker(o.workerScript, {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: o.memoryMb ?? 1024 },
    stdout: true,
    stderr: true,
  });
  w.stdout.resume();
  w.stderr.resume();
  return new Promise((resolve) => {
    let settled = false;
    let stopping = false;
    let lastIndex = -1;
    let since = Date.now();
    const started = Date.now();
    const finish = (v: number | null) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      void w.terminate();
      resolve(v);
    };
    const timer = setInterval(() => {
      const running = Atomics.load(status, S_RUNNING) === 1;
      const index = Atomics.load(status, S_INDEX);
      if (!running && Atomics.load(status, S_DONE) === 0 && Date.now() - started > STARTUP_MS) {
        record('crash', index, { name: 'StartupTimeout', message: `worker did not start within ${STARTUP_MS} ms`, stack: '' });
        finish(null);
        return;
      }
      if (!running || index !== lastIndex) {
        lastIndex = running ? index : -1;
        since = Date.now();
        return;
      }
      if (Date.now() - since > o.timeoutMs && !stopping) {
        stopping = true;
        void hangStack(w, o.workerScript).then((stack) => {
          record('hang', index, { name: 'Timeout', message: `input ${index} ran longer than ${o.timeoutMs} ms`, stack });
          finish(index);
        });
      }
    }, POLL_MS);
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'bug') record('bug', m.index, m.error, m.trace);
      else finish(null);
    });
    w.on('error', (e) => {
      if (stopping) return;
      const index = Atomics.load(status, S_INDEX);
      record('crash', index, errorReport(e));
      finish(index);
    });
    w.on('exit', () => {
      if (!settled && !stopping) {
        const index = Atomics.load(status, S_INDEX);
        record('crash', index, { name: 'WorkerExit', message: 'the worker exited before finishing', stack: '' });
        finish(index);
      }
    });
  });
}
