// Exports the report of the open dump as a JSON file (data-testid share-report). The file
// holds the report only (facts, tasks, backtraces, log, iomem) — never raw memory — and it
// is made here, in the browser: nothing is uploaded.
import { useState } from 'react';
import { ask } from '../worker/requests';
import { useAppStore } from '../state/store';
import { toUiError } from '../format/error-hints';

function fileName(release: string | null | undefined): string {
  return `crashlens-report${release ? `-${release.replace(/[^\w.-]+/g, '_')}` : ''}.json`;
}

export function ShareReportButton() {
  const [busy, setBusy] = useState(false);
  const release = useAppStore((s) => s.dump?.report.system.release);
  const onClick = async () => {
    setBusy(true);
    const r = await ask((api) => api.exportReport());
    setBusy(false);
    if (!r.ok) {
      useAppStore.getState().patchSession({ error: toUiError(r.error) });
      return;
    }
    const url = URL.createObjectURL(r.value);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName(release);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" className="button" data-testid="share-report" onClick={() => void onClick()} disabled={busy}>
      {busy ? 'Exporting…' : 'Export report'}
    </button>
  );
}
