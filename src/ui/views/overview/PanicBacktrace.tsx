// The backtrace of the crashing task, on the overview.
import type { OpenedDump } from '../../../workers/analysis-api';
import { BacktraceFrames } from '../backtrace/BacktraceFrames';
import { NotAvailable } from '../NotAvailable';

export function PanicBacktrace({ dump }: { dump: OpenedDump }) {
  const bt = dump.panicBacktrace;
  return (
    <div className="panic-backtrace">
      <h4>Crashing backtrace</h4>
      {bt ? (
        <BacktraceFrames backtrace={bt} selected={null} />
      ) : (
        <NotAvailable what="Backtraces are" />
      )}
    </div>
  );
}
