// The UI's handle on the analysis worker. It owns the Worker, wraps it with comlink, and
// makes sure no call waits forever: if the worker dies (a load failure, an uncaught
// error), every pending call resolves with a visible {code:'WORKER'} error.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type {
  AnalysisWorkerApi,
  OpenedDump,
  Progress,
  SessionError,
  WorkerResult,
} from '../../workers/analysis-api';
import { isWorkerErrorMessage } from '../../workers/worker-error-message';

/** How long Cancel waits for the worker to stop by itself before it is replaced. */
const CANCEL_GRACE_MS = 3000;

export interface AnalysisClientEvents {
  /** An error that is not the answer to a call (e.g. the worker crashed while idle). */
  onWorkerError(error: SessionError): void;
}

/** The answer of a call that the worker could not give. */
export function failed<T>(error: SessionError): WorkerResult<T> {
  return { ok: false, error };
}

export class AnalysisClient {
  private worker!: Worker;
  private api!: Remote<AnalysisWorkerApi>;
  private failPending: Array<(e: SessionError) => void> = [];
  /** Set when the worker failed while idle: the next call starts a fresh one. */
  private broken = false;

  constructor(private readonly events: AnalysisClientEvents) {
    this.start();
  }

  open(files: File[], onProgress: (p: Progress) => void): Promise<WorkerResult<OpenedDump>> {
    const cb = proxy(onProgress);
    return this.call((api) => api.open(files, cb), failed<OpenedDump>);
  }

  openUrl(url: string, name: string, onProgress: (p: Progress) => void): Promise<WorkerResult<OpenedDump>> {
    const cb = proxy(onProgress);
    return this.call((api) => api.openUrl(url, name, cb), failed<OpenedDump>);
  }

  /** Any other call of the worker API; if the worker dies meanwhile, `onFail` gives the answer. */
  ask<T>(run: (api: Remote<AnalysisWorkerApi>) => Promise<T>, onFail: (e: SessionError) => T): Promise<T> {
    return this.call(run, onFail);
  }

  /** Asks the worker to stop; if it does not answer in time, it is replaced by a fresh one. */
  cancel(): void {
    const pending = this.failPending.length;
    void this.api.cancel().catch(() => undefined);
    if (pending === 0) return;
    const api = this.api;
    setTimeout(() => {
      if (this.api === api && this.failPending.length > 0) {
        this.restart({ code: 'CANCELLED', message: 'cancelled' });
      }
    }, CANCEL_GRACE_MS);
  }

  /** Releases the open dump in the worker (its caches); the worker stays for the next open. */
  closeDump(): void {
    if (!this.broken) void this.api.close().catch(() => undefined);
  }

  terminate(): void {
    this.worker.terminate();
    this.api[releaseProxy]();
    this.rejectAll({ code: 'CANCELLED', message: 'the analysis was closed' });
  }

  private call<T>(run: (api: Remote<AnalysisWorkerApi>) => Promise<T>, onFail: (e: SessionError) => T): Promise<T> {
    if (this.broken) this.restart({ code: 'WORKER', message: 'the analysis worker was restarted' });
    return new Promise((resolve) => {
      const fail = (error: SessionError) => resolve(onFail(error));
      this.failPending.push(fail);
      const done = () => {
        this.failPending = this.failPending.filter((f) => f !== fail);
      };
      run(this.api).then(
        (r) => {
          done();
          resolve(r);
        },
        (e: unknown) => {
          done();
          fail({ code: 'WORKER', message: `the analysis worker failed: ${String(e)}` });
        },
      );
    });
  }

  private start(): void {
    this.worker = new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), {
      type: 'module',
      name: 'crashlens-analysis',
    });
    this.worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      const detail = e.message || 'it could not start or stopped unexpectedly';
      this.crash({ code: 'WORKER', message: `the analysis worker stopped: ${detail}` });
    });
    this.worker.addEventListener('messageerror', () => {
      this.crash({ code: 'WORKER', message: 'a message from the analysis worker could not be read' });
    });
    // A stray error the worker caught itself: the worker lives on, the user is told.
    this.worker.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (isWorkerErrorMessage(e.data)) this.events.onWorkerError(e.data.error);
    });
    this.api = wrap<AnalysisWorkerApi>(this.worker);
  }

  /** The worker itself failed (could not load, or crashed): fail what waits on it. */
  private crash(error: SessionError): void {
    if (this.failPending.length > 0) {
      this.restart(error);
    } else {
      this.broken = true;
      this.events.onWorkerError(error);
    }
  }

  /** Replaces a worker that is no longer trustworthy, failing whatever was waiting on it. */
  private restart(error: SessionError): void {
    this.worker.terminate();
    this.api[releaseProxy]();
    this.rejectAll(error);
    this.broken = false;
    this.start();
  }

  private rejectAll(error: SessionError): void {
    const pending = this.failPending;
    this.failPending = [];
    for (const fail of pending) fail(error);
  }
}
