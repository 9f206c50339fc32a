// The visible error: the message from the worker (it names the file and the offset) and
// what the user can do about it.
import { useEffect, useRef } from 'react';
import { dismissError } from '../state/session-actions';
import { useAppStore } from '../state/store';

export function ErrorBanner() {
  const error = useAppStore((s) => s.error);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error" tabIndex={-1} ref={ref}>
      <div className="error-text">
        <strong className="error-title">Could not analyze the dump</strong>
        <p className="error-message">
          <code>{error.message}</code>
        </p>
        <p className="error-hint">{error.hint}</p>
      </div>
      <button type="button" className="button button-quiet" onClick={dismissError} aria-label="Dismiss the error">
        Dismiss
      </button>
    </div>
  );
}
