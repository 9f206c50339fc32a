// The worker's API with shared reports: a file the user opens is either a dump (the live
// endpoint analyses it) or a shared report, recognized by its first bytes (a JSON object;
// never by its name). After a report opens, every call goes to the ReportEndpoint, until
// the next open. Calls are forwarded by name, so a method added to the API is routed
// without a change here.
import { sniffReport } from '../analysis/report/read-report';
import type { AnalysisWorkerApi, OpenedDump, ProgressCallback, WorkerResult } from './analysis-api';
import { ReportEndpoint } from './report-endpoint';

const SNIFF_BYTES = 64;

async function isReportFile(files: File[]): Promise<boolean> {
  const [file] = files;
  if (!file || files.length !== 1) return false;
  return sniffReport(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
}

export function withSharedReports(live: AnalysisWorkerApi): AnalysisWorkerApi {
  const reports = new ReportEndpoint();
  let current: AnalysisWorkerApi = live;

  const open = async (
    files: File[],
    onProgress: ProgressCallback,
  ): Promise<WorkerResult<OpenedDump>> => {
    await current.close();
    current = (await isReportFile(files)) ? reports : live;
    return current.open(files, onProgress);
  };
  const openUrl = async (
    ...args: Parameters<AnalysisWorkerApi['openUrl']>
  ): Promise<WorkerResult<OpenedDump>> => {
    await current.close();
    current = live;
    return live.openUrl(...args);
  };

  return new Proxy(live, {
    get(_target, name) {
      if (name === 'open') return open;
      if (name === 'openUrl') return openUrl;
      const member = (current as unknown as Record<PropertyKey, unknown>)[name];
      return typeof member === 'function'
        ? (member as (...a: unknown[]) => unknown).bind(current)
        : member;
    },
  });
}
