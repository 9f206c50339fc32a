// The single-HTML viewer's stand-in for ui/worker/analysis-client.ts (swapped in by
// vite.report-viewer.config.ts): the same client API, answered in the page by a
// ReportEndpoint — a report needs no worker, and a file:// page may not start one.
import type { Remote } from 'comlink';
import type {
  AnalysisWorkerApi,
  OpenedDump,
  Progress,
  SessionError,
  WorkerResult,
} from '../../workers/analysis-api';
import { ReportEndpoint } from '../../workers/report-endpoint';
import type {
  AnalysisClient as WorkerClient,
  AnalysisClientEvents,
} from '../worker/analysis-client';

export type { AnalysisClientEvents };

export function failed<T>(error: SessionError): WorkerResult<T> {
  return { ok: false, error };
}

export class AnalysisClient {
  private readonly endpoint = new ReportEndpoint();

  constructor(_events: AnalysisClientEvents) {}

  open(files: File[], _onProgress: (p: Progress) => void): Promise<WorkerResult<OpenedDump>> {
    return this.endpoint.open(files);
  }

  openUrl(
    _url: string,
    _name: string,
    _onProgress: (p: Progress) => void,
  ): Promise<WorkerResult<OpenedDump>> {
    return this.endpoint.openUrl();
  }

  ask<T>(
    run: (api: Remote<AnalysisWorkerApi>) => Promise<T>,
    onFail: (e: SessionError) => T,
  ): Promise<T> {
    return run(this.endpoint as unknown as Remote<AnalysisWorkerApi>).catch((e: unknown) =>
      onFail({ code: 'INTERNAL', message: String(e) }),
    );
  }

  cancel(): void {}

  closeDump(): void {
    void this.endpoint.close();
  }

  terminate(): void {
    void this.endpoint.close();
  }
}

// The swap is only sound while this class offers everything the worker client does.
type Public<T> = { [K in keyof T]: T[K] };
export const sameApi: (c: AnalysisClient) => Public<WorkerClient> = (c) => c;
