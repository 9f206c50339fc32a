// The footer status line. Its "Ready" element (data-testid app-idle) exists only while no
// analysis work is pending (an open, or a request for rows, memory or a command): checks
// wait for it instead of sleeping.
import { useAppStore } from '../state/store';

export function StatusBar() {
  const busy = useAppStore((s) => s.status === 'opening' || s.pending > 0);
  return (
    <footer className="status-bar">
      {busy ? (
        <span className="status-busy">Working…</span>
      ) : (
        <span data-testid="app-idle" className="status-idle">
          Ready
        </span>
      )}
      <span className="status-privacy">Your files stay on this computer: all analysis runs in this browser tab.</span>
    </footer>
  );
}
