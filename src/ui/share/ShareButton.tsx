// The share-report button of the header (data-testid share-report): opens the share dialog.
import { useState } from 'react';
import { ShareDialog } from './ShareDialog';

export function ShareButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="share-report"
        onClick={() => setOpen(true)}
      >
        Share report
      </button>
      {open && <ShareDialog onClose={() => setOpen(false)} />}
    </>
  );
}
