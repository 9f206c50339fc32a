// Progress while a dump opens: the steps so far (reading headers, symbols, page tables,
// types, tasks…), the running one with a bar, and Cancel (which stops the worker's work).
import { cancelOpen } from '../state/session-actions';
import { useAppStore } from '../state/store';
import { formatBytes } from '../format/format-values';

export function ProgressPanel() {
  const progress = useAppStore((s) => s.progress);
  const files = useAppStore((s) => s.files);
  const steps = useAppStore((s) => s.steps);
  const total = Math.max(progress?.total ?? 1, 1);
  const done = Math.min(progress?.done ?? 0, total);
  const percent = Math.floor((done / total) * 100);
  const cancelling = progress?.step === 'cancelling';
  return (
    <section className="progress-panel" aria-labelledby="progress-title">
      <h2 id="progress-title">Opening {files.map((f) => f.name).join(', ')}</h2>
      {files.some((f) => f.size > 0) && (
        <p className="muted">{formatBytes(files.reduce((n, f) => n + f.size, 0))}</p>
      )}
      <ol className="progress-steps" aria-label="Steps">
        {steps.slice(0, -1).map((s, i) => (
          <li key={`${i}-${s}`} className="progress-step-done">
            {s}
          </li>
        ))}
      </ol>
      <div role="status" aria-live="polite" className="progress-step">
        {progress?.step ?? 'starting'}… {percent}%
      </div>
      <progress className="progress-bar" max={total} value={done} aria-label="Progress of the current step" />
      <button type="button" className="button" onClick={cancelOpen} disabled={cancelling} autoFocus>
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </section>
  );
}
