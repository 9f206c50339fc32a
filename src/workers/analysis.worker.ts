// Web worker entry: exposes one AnalysisEndpoint through comlink. Every call already
// returns {ok:false,error} on failure; these handlers catch what escapes (a rejected
// promise nobody awaited, a top-level throw) and report it to the UI as a plain message,
// so the worker never fails silently.
import { expose } from 'comlink';
import { toSessionError } from '../analysis/session/analysis-session';
import { AnalysisEndpoint } from './analysis-endpoint';
import { withSharedReports } from './shared-report-router';
import { WORKER_ERROR_MESSAGE, type WorkerErrorMessage } from './worker-error-message';

declare const self: {
  postMessage(message: unknown): void;
  addEventListener(
    type: 'error',
    listener: (e: { error?: unknown; message?: string; preventDefault(): void }) => void,
  ): void;
  addEventListener(type: 'unhandledrejection', listener: (e: { reason: unknown; preventDefault(): void }) => void): void;
};

function report(e: unknown): void {
  const msg: WorkerErrorMessage = { type: WORKER_ERROR_MESSAGE, error: toSessionError(e) };
  self.postMessage(msg);
}

// preventDefault: the error is reported here, once, instead of also surfacing as the
// Worker's own 'error' event, which the UI reserves for a worker that cannot run.
self.addEventListener('error', (e) => {
  e.preventDefault();
  report(e.error ?? e.message);
});
self.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  report(e.reason);
});

expose(withSharedReports(new AnalysisEndpoint()));
