// The worker API over a shared report opened without its dump (a .crashlens.json file,
// a permalink, the single-HTML viewer): the same rows, backtraces, log and console
// commands as a live dump (report-index.ts, console over the report), and an honest
// refusal for all that needs the dump's memory, symbols or types. The single-HTML
// viewer runs it in the page itself (src/ui/report-file/in-page-client.ts).
import type { ConsoleContext } from '../analysis/console/console-types';
import { LookupError } from '../analysis/errors';
import { readReport, viewableReport } from '../analysis/report/read-report';
import type { HexString } from '../analysis/report/report-types';
import type {
  AnalysisWorkerApi,
  CommandOutput,
  Completion,
  MemoryPage,
  MemorySpace,
  OpenedDump,
  ResolvedAddress,
  StructLayoutInfo,
  WorkerResult,
} from './analysis-api';
import { complete, runCommand } from './console-service';
import { ReportIndex } from './report-index';
import { ReportQueries, result } from './report-queries';
import { ShareService } from './share-service';
import type { ShareFacts, SharePreview, ShareRequest } from './share-types';

/** A report is read whole; a real one is far smaller (the sample's is 130 KB). */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

export const NO_MEMORY =
  'raw memory is never part of a shared report: open the dump itself to read memory';

const fail = <T>(message: string): WorkerResult<T> => ({
  ok: false,
  error: { code: 'LOOKUP', message },
});


interface ReportState {
  index: ReportIndex;
  share: ShareService;
  console: ConsoleContext;
}

export class ReportEndpoint extends ReportQueries implements AnalysisWorkerApi {
  private state: ReportState | null = null;

  /** Opens a report from its JSON text. */
  openText(text: string, name: string): Promise<WorkerResult<OpenedDump>> {
    return result(() => {
      const shared = readReport(text, name);
      const report = viewableReport(shared, name);
      const index = new ReportIndex(report);
      const physical = {
        kind: 'physical' as const,
        read: () => Promise.reject(new LookupError(NO_MEMORY)),
      };
      this.state = {
        index,
        share: new ShareService(shared, null),
        console: { report, physical, program: null },
      };
      return {
        ...index.opened({ virtualMemory: false, symbols: false, types: false }),
        sharedReport: { name, redactions: shared.redactions ?? [] },
      };
    });
  }

  async open(files: File[]): Promise<WorkerResult<OpenedDump>> {
    const [file] = files;
    if (!file || files.length > 1) return fail('give one report file (.crashlens.json)');
    if (file.size > MAX_REPORT_BYTES) {
      return {
        ok: false,
        error: {
          code: 'REPORT',
          message: `${file.name}: ${file.size} bytes is too large for a crashlens report (at most ${MAX_REPORT_BYTES})`,
        },
      };
    }
    return this.openText(await file.text(), file.name);
  }

  openUrl(): Promise<WorkerResult<OpenedDump>> {
    return Promise.resolve(
      fail('this viewer opens shared reports only: open dumps in the crashlens app'),
    );
  }

  cancel(): void {}

  close(): Promise<void> {
    this.state = null;
    return Promise.resolve();
  }





  readMemory(
    _space: MemorySpace,
    _address: HexString,
    _length: number,
  ): Promise<WorkerResult<MemoryPage[]>> {
    return Promise.resolve(fail(NO_MEMORY));
  }

  /** No symbol table travels with a report: nothing is named beyond what its frames say. */
  symbolize(addresses: HexString[]): Promise<WorkerResult<Array<string | null>>> {
    return Promise.resolve({ ok: true, value: addresses.map(() => null) });
  }

  resolveAddress(_expression: string): Promise<WorkerResult<ResolvedAddress>> {
    return Promise.resolve(fail('symbols are not part of a shared report'));
  }

  structLayout(_typeName: string): Promise<WorkerResult<StructLayoutInfo>> {
    return Promise.resolve(fail('types are not part of a shared report'));
  }

  runCommand(line: string): Promise<CommandOutput> {
    return runCommand(this.state?.console ?? null, line);
  }

  complete(line: string, column: number): Promise<Completion> {
    return Promise.resolve(complete(this.state?.console ?? null, line, column));
  }

  exportReport(): Promise<WorkerResult<Blob>> {
    return this.with(
      (s) =>
        new Blob([JSON.stringify(s.index.report, null, 2) + '\n'], { type: 'application/json' }),
    );
  }

  shareFacts(): Promise<WorkerResult<ShareFacts>> {
    return this.with((s) => s.share.facts());
  }

  sharePreview(request: ShareRequest): Promise<WorkerResult<SharePreview>> {
    return this.with((s) => s.share.preview(request));
  }

  protected withIndex<T>(f: (index: ReportIndex) => T): Promise<WorkerResult<T>> {
    return this.with((s) => f(s.index));
  }

  private with<T>(f: (s: ReportState) => T): Promise<WorkerResult<T>> {
    const s = this.state;
    if (!s) return Promise.resolve(fail('no report is open'));
    return result(() => f(s));
  }
}
