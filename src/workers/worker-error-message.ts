// The one message the worker posts outside comlink: an error that escaped every call.
import type { SessionError } from '../analysis/session/analysis-session';

export const WORKER_ERROR_MESSAGE = 'crashlens/worker-error';

export interface WorkerErrorMessage {
  type: typeof WORKER_ERROR_MESSAGE;
  error: SessionError;
}

export function isWorkerErrorMessage(data: unknown): data is WorkerErrorMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === WORKER_ERROR_MESSAGE;
}
