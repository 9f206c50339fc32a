// The top bar: product name, the open dump's files, and a way back to the start screen.
import { closeDump } from '../state/session-actions';
import { useAppStore } from '../state/store';
import { ShareButton } from '../share/ShareButton';

export function AppHeader() {
  const report = useAppStore((s) => s.dump?.report);
  return (
    <header className="app-header">
      <h1 className="brand">crashlens</h1>
      {report && (
        <>
          <span className="header-files mono" title={report.dump.files.join(', ')}>
            {report.dump.files.join(', ')}
            {report.system.release ? ` · ${report.system.release}` : ''}
          </span>
          <ShareButton />
          <button type="button" className="button button-quiet" onClick={closeDump}>
            Open another dump
          </button>
        </>
      )}
    </header>
  );
}
