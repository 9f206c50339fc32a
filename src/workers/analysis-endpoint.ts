// The object the analysis worker exposes through comlink: a thin adapter around one
// AnalysisSession. It wraps Files in BlobSource, throttles progress, and turns every
// failure into a plain {code, message} result — nothing is thrown across the boundary.
import { BlobSource } from '../analysis/io/blob-source';
import { AnalysisSession, toSessionError } from '../analysis/session/analysis-session';
import type { HexString, Report } from '../analysis/report/report-types';
import type {
  AnalysisWorkerApi,
  PhysicalRead,
  Progress,
  ProgressCallback,
  WorkerResult,
} from './analysis-api';
import { fetchSameOrigin } from './fetch-same-origin';

/** Minimum time between two progress messages of the same step. */
const PROGRESS_INTERVAL_MS = 80;

function throttled(onProgress: ProgressCallback): ProgressCallback {
  let lastStep = '';
  let lastTime = 0;
  return (p: Progress) => {
    const now = performance.now();
    const final = p.done >= p.total;
    if (p.step !== lastStep || final || now - lastTime >= PROGRESS_INTERVAL_MS) {
      lastStep = p.step;
      lastTime = now;
      // The callback is a comlink proxy: a failed post must not break the analysis.
      Promise.resolve(onProgress(p)).catch(() => undefined);
    }
  };
}

export class AnalysisEndpoint implements AnalysisWorkerApi {
  private session: AnalysisSession | null = null;
  private download: AbortController | null = null;

  async open(files: File[], onProgress: ProgressCallback): Promise<WorkerResult<Report>> {
    try {
      if (files.length === 0) return { ok: false, error: { code: 'USAGE', message: 'no file given' } };
      return await this.openSources(files, throttled(onProgress));
    } catch (e) {
      return { ok: false, error: toSessionError(e) };
    }
  }

  async openUrl(url: string, name: string, onProgress: ProgressCallback): Promise<WorkerResult<Report>> {
    const report = throttled(onProgress);
    this.download = new AbortController();
    try {
      const blob = await fetchSameOrigin(url, this.download.signal, (done, total) =>
        report({ step: `downloading ${name}`, done, total }),
      );
      this.download = null;
      return await this.openSources([new File([blob], name)], report);
    } catch (e) {
      if (this.download?.signal.aborted) return { ok: false, error: { code: 'CANCELLED', message: 'cancelled' } };
      return { ok: false, error: toSessionError(e) };
    } finally {
      this.download = null;
    }
  }

  cancel(): void {
    this.download?.abort();
    this.session?.cancel();
  }

  async readPhysical(paddr: HexString, length: number): Promise<PhysicalRead> {
    try {
      if (!this.session) return { bytes: null, error: { code: 'LOOKUP', message: 'no dump is open' } };
      return await this.session.readPhysical(BigInt(paddr), length);
    } catch (e) {
      return { bytes: null, error: toSessionError(e) };
    }
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    try {
      await s?.close();
    } catch {
      // Closing releases caches only; a failure here has nothing to report.
    }
  }

  private async openSources(files: File[], onProgress: ProgressCallback): Promise<WorkerResult<Report>> {
    await this.close();
    const session = new AnalysisSession({ onProgress });
    this.session = session;
    const report = await session.open(files.map((f) => ({ name: f.name, source: new BlobSource(f.name, f) })));
    return { ok: true, value: report };
  }
}
