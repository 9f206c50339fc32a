// The contract between the UI and the analysis worker. Only plain, structured-clone-safe
// data crosses it: Report JSON (hex strings), byte arrays and {code, message} errors.
import type { HexString, Report } from '../analysis/report/report-types';
import type { Progress, SessionError } from '../analysis/session/analysis-session';

export type { Progress, SessionError };

/** Every call that can fail returns this instead of throwing, so no error is lost in transit. */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: SessionError };

export type ProgressCallback = (p: Progress) => void;

export interface PhysicalRead {
  bytes: Uint8Array | null;
  error: SessionError | null;
}

export interface AnalysisWorkerApi {
  /** Opens the dump made of `files` (one dump, or all parts of a split dump). */
  open(files: File[], onProgress: ProgressCallback): Promise<WorkerResult<Report>>;
  /**
   * Downloads a same-origin URL (the built-in sample) inside the worker, then opens it.
   * Other origins are refused: crashlens never sends or fetches data elsewhere.
   */
  openUrl(url: string, name: string, onProgress: ProgressCallback): Promise<WorkerResult<Report>>;
  /** Asks the running open to stop at its next check; it then resolves with code CANCELLED. */
  cancel(): void;
  readPhysical(paddr: HexString, length: number): Promise<PhysicalRead>;
  close(): Promise<void>;
}
