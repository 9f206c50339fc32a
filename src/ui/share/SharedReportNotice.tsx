// Says that the data on screen comes from a shared report, not a dump: what was removed
// from it, and that raw memory is not there.
import type { OpenedDump } from '../../workers/analysis-api';

const LABELS: Record<string, string> = {
  hostname: 'host name',
  kaslr: 'KASLR offset and kernel addresses',
  comm: 'process names',
  log: 'some log lines',
};

export function SharedReportNotice({ dump }: { dump: OpenedDump }) {
  const shared = dump.sharedReport;
  if (!shared) return null;
  const removed = shared.redactions.map((r) => LABELS[r] ?? r).join(', ');
  return (
    <p className="shared-report-notice" data-testid="shared-report-notice">
      This is a shared report (<span className="mono">{shared.name}</span>), opened without its dump
      {removed ? <>; its author removed the {removed}</> : null}. Everything but raw memory is here.
    </p>
  );
}

/** The memory view of a shared report: nothing to show, and why. */
export function MemoryNotInReport() {
  return (
    <p className="placeholder" data-testid="memory-unavailable">
      Memory is not available: this is a shared report, and raw memory is never part of a report.
      Open the dump itself in crashlens to read memory.
    </p>
  );
}
