// Browser adapter: a ParallelRunner over dedicated Web Workers, one per lane.
import type { ParallelRunner } from '../analysis/debuginfo/dwarf/parallel/runner';
import {
  RequestTracker,
  type TaskResponse,
} from '../analysis/debuginfo/dwarf/parallel/worker-protocol';

/** The few members of Worker this pool uses (works inside a worker, without the DOM lib's window). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', l: (e: MessageEvent) => void): void;
  addEventListener(type: 'error', l: (e: ErrorEvent) => void): void;
  terminate(): void;
}

export class WebWorkerPool implements ParallelRunner {
  readonly lanes: number;
  private readonly workers: WorkerLike[] = [];
  private readonly trackers: RequestTracker[] = [];

  constructor(create: () => WorkerLike, lanes: number) {
    this.lanes = Math.max(1, lanes);
    for (let i = 0; i < this.lanes; i++) {
      const w = create();
      const t = new RequestTracker();
      w.addEventListener('message', (e) => t.settle(e.data as TaskResponse));
      w.addEventListener('error', (e) => t.failAll(new Error(`DWARF worker ${i}: ${e.message}`)));
      this.workers.push(w);
      this.trackers.push(t);
    }
  }

  run(lane: number, task: string, input: unknown, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const w = this.workers[lane];
    const t = this.trackers[lane];
    if (!w || !t) return Promise.reject(new RangeError(`no lane ${lane}`));
    return t.request(task, input, (req) => w.postMessage(req, transfer));
  }

  close(): Promise<void> {
    for (const w of this.workers) w.terminate();
    return Promise.resolve();
  }
}

/** A pool of DWARF index workers; `lanes` defaults to the cores the browser reports, at most 4. */
export function dwarfWebWorkerPool(
  lanes = Math.min(4, Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1)),
): WebWorkerPool {
  return new WebWorkerPool(
    () => new Worker(new URL('./dwarf.worker.ts', import.meta.url), { type: 'module' }),
    lanes,
  );
}
