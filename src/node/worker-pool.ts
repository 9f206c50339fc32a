// Node adapter: a ParallelRunner over worker_threads, one worker per lane. The work
// itself (task handlers) lives in src/analysis; the worker entry only dispatches.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ParallelRunner } from '../analysis/debuginfo/dwarf/parallel/runner';
import {
  RequestTracker,
  type TaskResponse,
} from '../analysis/debuginfo/dwarf/parallel/worker-protocol';

export class NodeWorkerPool implements ParallelRunner {
  readonly lanes: number;
  private readonly workers: Worker[] = [];
  private readonly trackers: RequestTracker[] = [];

  /** `script`: a JavaScript worker entry (see dwarf-worker-script.ts). */
  constructor(
    script: string | URL,
    lanes: number,
    /** V8 heap limits of each worker (worker_threads ResourceLimits). */
    resourceLimits?: ResourceLimits,
  ) {
    this.lanes = Math.max(1, lanes);
    for (let i = 0; i < this.lanes; i++) {
      const tracker = new RequestTracker();
      const w = new Worker(script, resourceLimits ? { resourceLimits } : {});
      w.on('message', (m: TaskResponse) => {
        tracker.settle(m);
        if (tracker.size === 0) w.unref();
      });
      w.on('error', (e) => tracker.failAll(e));
      w.on('exit', (code) => tracker.failAll(new Error(`worker ${i} exited (code ${code})`)));
      // An idle worker must not keep the process alive; a busy one must.
      w.unref();
      this.workers.push(w);
      this.trackers.push(tracker);
    }
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
