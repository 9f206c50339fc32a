// The object the analysis worker exposes through comlink: a thin adapter around one
// AnalysisSession. It wraps Files in BlobSource, throttles progress, keeps the report
// (the UI asks for rows a window at a time), and turns every failure into a plain
// {code, message} result — nothing is thrown across the boundary.
import { BlobSource } from '../analysis/io/blob-source';
import { AnalysisSession, toSessionError } from '../analysis/session/analysis-session';
import type { ConsoleContext } from '../analysis/console/console-types';
import { PhysicalAddressSpace } from '../analysis/memory/physical-space';
import type { HexString } from '../analysis/report/report-types';
import type {
  AnalysisWorkerApi,
  CommandOutput,
  Completion,
  MemoryPage,
  MemorySpace,
  OpenedDump,
  Progress,
  ProgressCallback,
  ResolvedAddress,
  StructLayoutInfo,
  WorkerResult,
} from './analysis-api';
import { complete, runCommand } from './console-service';
import { fetchSameOrigin } from './fetch-same-origin';
import { dwarfWebWorkerPool } from './web-worker-pool';
import { BlobSyncReader } from './file-sync-reader';
import { readMemory, resolveAddress, structLayout, symbolize } from './memory-service';
import { ReportIndex } from './report-index';
import { ReportQueries, result } from './report-queries';
import { ShareService } from './share-service';
import type { ShareFacts, SharePreview, ShareRequest } from './share-types';

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

const NOT_OPEN = { code: 'LOOKUP', message: 'no dump is open' };

/** Runs `f`, turning a throw (sync or async) into {ok:false}. */

interface OpenState {
  session: AnalysisSession;
  index: ReportIndex;
  console: ConsoleContext;
}

export class AnalysisEndpoint extends ReportQueries implements AnalysisWorkerApi {
  private session: AnalysisSession | null = null;
  private state: OpenState | null = null;
  private download: AbortController | null = null;
  private sharing: ShareService | null = null;

  async open(files: File[], onProgress: ProgressCallback): Promise<WorkerResult<OpenedDump>> {
    if (files.length === 0) return { ok: false, error: { code: 'USAGE', message: 'no file given' } };
    return result(() => this.openSources(files, throttled(onProgress)));
  }

  async openUrl(url: string, name: string, onProgress: ProgressCallback): Promise<WorkerResult<OpenedDump>> {
    const report = throttled(onProgress);
    this.download = new AbortController();
    try {
      const blob = await fetchSameOrigin(url, this.download.signal, (done, total) =>
        report({ step: `downloading ${name}`, done, total }),
      );
      this.download = null;
      return { ok: true, value: await this.openSources([new File([blob], name)], report) };
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

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    this.state = null;
    this.sharing = null;
    try {
      await s?.close();
    } catch {
      // Closing releases caches only; a failure here has nothing to report.
    }
  }





  readMemory(space: MemorySpace, address: HexString, length: number): Promise<WorkerResult<MemoryPage[]>> {
    return this.withState((s) => readMemory(s.session.dump, s.session.program, space, address, length));
  }

  symbolize(addresses: HexString[]): Promise<WorkerResult<Array<string | null>>> {
    return this.withState((s) => symbolize(s.session.program, addresses));
  }

  resolveAddress(expression: string): Promise<WorkerResult<ResolvedAddress>> {
    return this.withState((s) => resolveAddress(s.session.program, expression));
  }

  structLayout(typeName: string): Promise<WorkerResult<StructLayoutInfo>> {
    return this.withState((s) => structLayout(s.session.program, typeName));
  }

  runCommand(line: string): Promise<CommandOutput> {
    return runCommand(this.state?.console ?? null, line);
  }

  complete(line: string, column: number): Promise<Completion> {
    return Promise.resolve(complete(this.state?.console ?? null, line, column));
  }

  exportReport(): Promise<WorkerResult<Blob>> {
    return this.withState(
      (s) => new Blob([JSON.stringify(s.index.report, null, 2) + '\n'], { type: 'application/json' }),
    );
  }

  shareFacts(): Promise<WorkerResult<ShareFacts>> {
    return this.withState((s) => this.share(s).facts());
  }

  sharePreview(request: ShareRequest): Promise<WorkerResult<SharePreview>> {
    return this.withState((s) => this.share(s).preview(request));
  }

  /** The share dialog's service, made on first use (it symbolizes the report's addresses once). */
  private share(s: OpenState): ShareService {
    const program = s.session.program;
    this.sharing ??= new ShareService(s.index.report, program && ((a) => program.symbolize(a)));
    return this.sharing;
  }

  protected withIndex<T>(f: (index: ReportIndex) => T): Promise<WorkerResult<T>> {
    return this.withState((s) => f(s.index));
  }

  private withState<T>(f: (s: OpenState) => T | Promise<T>): Promise<WorkerResult<T>> {
    const s = this.state;
    if (!s) return Promise.resolve({ ok: false, error: NOT_OPEN });
    return result(() => f(s));
  }

  private async openSources(files: File[], onProgress: ProgressCallback): Promise<OpenedDump> {
    await this.close();
    // A vmlinux's DWARF is indexed by nested index workers (web-worker-pool.ts), each
    // reading its part of the File itself; types and lines are then read synchronously
    // here through FileReaderSync.
    const session = new AnalysisSession({ onProgress, parallel: () => Promise.resolve(dwarfWebWorkerPool()) });
    this.session = session;
    const report = await session.open(
      files.map((f) => ({
        name: f.name,
        source: new BlobSource(f.name, f),
        openSync: () => new BlobSyncReader(f.name, f),
        workerFile: f,
      })),
    );
    const program = session.program;
    const index = new ReportIndex(report);
    this.state = {
      session,
      index,
      console: { report, physical: new PhysicalAddressSpace(session.dump), program },
    };
    return index.opened({
      virtualMemory: program !== null,
      symbols: program !== null,
      types: program?.types != null,
    });
  }
}
