// Progress while a dump opens: the step, a bar, and Cancel (which stops the worker's work).
import { cancelOpen } from '../state/session-actions';
import { useAppStore } from '../state/store';
import { formatBytes } from '../format/format-values';

export function ProgressPanel() {
  const progress = useAppStore((s) => s.progress);
  const files = useAppStore((s) => s.files);
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
