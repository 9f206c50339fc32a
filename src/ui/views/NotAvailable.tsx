// What a view shows when the dump (or crashlens, so far) gives no data for it. It says
// so plainly; a view never shows made-up data.
import type { ReactNode } from 'react';

export function NotAvailable({ what, children }: { what: string; children?: ReactNode }) {
  return (
    <p className="placeholder" data-testid="view-placeholder">
      {what} not available for this dump yet.{children ? <> {children}</> : null}
    </p>
  );
}
