// The last lines of the kernel log, where the panic usually is, with a link to the log.
import type { OpenedDump } from '../../../workers/analysis-api';
import { hashForView } from '../../routing/route';
import { LogLineText } from '../log/LogLineText';
import { NotAvailable } from '../NotAvailable';

export function LogTail({ dump }: { dump: OpenedDump }) {
  return (
    <div className="panel">
      <h3>End of the kernel log</h3>
      {dump.counts.logLines === null ? (
        <NotAvailable what="The kernel log is" />
      ) : (
        <>
          <pre className="log-tail mono" aria-label="Last lines of the kernel log">
            {dump.logTail.map((l) => (
              <LogLineText key={l.line} line={l} query="" />
            ))}
          </pre>
          <a href={hashForView('log')}>The whole log ({dump.counts.logLines} lines)</a>
        </>
      )}
    </div>
  );
}
