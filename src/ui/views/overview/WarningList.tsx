// The warnings of the analysis: what could not be read, and why (file, offset, cause).
import type { ReportWarning } from '../../../analysis/report/report-types';

export function WarningList({ warnings }: { warnings: ReportWarning[] }) {
  return (
    <div className="panel">
      <h3>Warnings ({warnings.length})</h3>
      {warnings.length === 0 ? (
        <p className="muted">No warnings: the analysis reported no problems.</p>
      ) : (
        <ul className="warnings">
          {warnings.map((w, i) => (
            <li key={i} data-code={w.code}>
              <code>{w.code}</code> {w.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
