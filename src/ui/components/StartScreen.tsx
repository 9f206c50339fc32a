// The start screen: drop zone, file input and the built-in sample. When the URL asks for
// a view (e.g. a reload on #/cpus), it says that view opens once a dump is loaded.
import { VIEW_LABELS, DEFAULT_VIEW } from '../routing/views';
import { openSample } from '../state/session-actions';
import { useAppStore } from '../state/store';
import { DropZone } from './DropZone';

export function StartScreen() {
  const view = useAppStore((s) => s.view);
  return (
    <section className="start-screen" aria-labelledby="start-title">
      <h2 id="start-title">Open a kernel crash dump</h2>
      <p className="lead">
        crashlens reads Linux kernel crash dumps (kdump, makedumpfile, QEMU) right here in your browser.
        Nothing is uploaded.
      </p>
      {view !== DEFAULT_VIEW && (
        <p className="pending-view" data-testid="pending-view">
          The link you followed shows the <strong>{VIEW_LABELS[view]}</strong> view of a dump. Open the dump
          again and crashlens goes straight there.
        </p>
      )}
      <DropZone />
      <div className="sample-row">
        <span>No dump at hand?</span>
        <button type="button" className="button" data-testid="open-sample" onClick={openSample}>
          Open sample
        </button>
        <span className="muted">A real 17 MB dump of Debian 6.1 on 2 CPUs, crashed with sysrq.</span>
      </div>
    </section>
  );
}
