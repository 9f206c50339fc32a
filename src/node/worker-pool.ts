// Node adapter: a ParallelRunner over worker_threads, one worker per lane. The work
// itself (task handlers) lives in src/analysis; the worker entry only dispatches.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ParallelRunner } from '../analysis/debuginfo/dwarf/parallel/runner';
import {
  RequestTracker,
  WORKER_READY,
  type TaskResponse,
} from '../analysis/debuginfo/dwarf/parallel/worker-protocol';

export class NodeWorkerPool implements ParallelRunner {
  readonly lanes: number;
  private readonly workers: Worker[] = [];
  private readonly trackers: RequestTracker[] = [];
  /** Resolves when every worker has loaded its entry and can take tasks at once. */
  readonly ready: Promise<void>;

  /** `script`: a JavaScript worker entry (see dwarf-worker-script.ts). */
  constructor(
    script: string | URL,
    lanes: number,
    /** V8 heap limits of each worker (worker_threads ResourceLimits). */
    resourceLimits?: ResourceLimits,
  ) {
    this.lanes = Math.max(1, lanes);
    const ready: Promise<void>[] = [];
    for (let i = 0; i < this.lanes; i++) {
      const tracker = new RequestTracker();
      const w = new Worker(script, resourceLimits ? { resourceLimits } : {});
      ready.push(
        new Promise((resolve, reject) => {
          // The entry posts WORKER_READY last, before any answer.
          w.once('message', () => {
            if (tracker.size === 0) w.unref();
            resolve();
          });
          w.once('error', reject);
          w.once('exit', (code) => reject(new Error(`worker ${i} exited (code ${code})`)));
        }),
      );
      w.on('message', (m: TaskResponse | typeof WORKER_READY) => {
        if (m === WORKER_READY) return;
        tracker.settle(m);
        if (tracker.size === 0) w.unref();
      });
      w.on('error', (e) => tracker.failAll(e));
      w.on('exit', (code) => tracker.failAll(new Error(`worker ${i} exited (code ${code})`)));
      // An idle worker must not keep the process alive; a busy or starting one must.
      this.workers.push(w);
      this.trackers.push(tracker);
    }
    this.ready = Promise.all(ready).then(() => undefined);
    this.ready.catch(() => undefined); // a failed start also fails the tasks
  }

  run(lane: number, task: string, input: unknown, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const w = this.workers[lane];
    const t = this.trackers[lane];
    if (!w || !t) return Promise.reject(new RangeError(`no lane ${lane}`));
    w.ref();
    return t.request(task, input, (req) => w.postMessage(req, transfer));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
