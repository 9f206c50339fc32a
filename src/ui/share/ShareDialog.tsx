// The share dialog: the user chooses what goes into the shared report and sees exactly
// what that is before anything leaves the page (nothing does until they download or copy).
import { useEffect, useRef, useState } from 'react';
import { toUiError } from '../format/error-hints';
import { useAppStore } from '../state/store';
import { defaultChoices, toRequest, type ShareChoices } from './share-request';
import { ShareOptions } from './ShareOptions';
import { SharePreviewPanel } from './SharePreviewPanel';
import { useShareFacts, useSharePreview } from './use-share-preview';
import './share.css';

export function ShareDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const release = useAppStore((s) => s.dump?.report.system.release ?? null);
  const { facts, error: factsError } = useShareFacts();
  const [choices, setChoices] = useState<ShareChoices | null>(null);
  useEffect(() => {
    if (facts && !choices) setChoices(defaultChoices(facts));
  }, [facts, choices]);
  const { preview, error } = useSharePreview(choices && toRequest(choices));
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const problem = factsError ?? error;

  return (
    <dialog
      ref={ref}
      className="share-dialog"
      data-testid="share-dialog"
      aria-labelledby="share-title"
      onClose={onClose}
    >
      <div className="share-head">
        <h2 id="share-title">Share this report</h2>
        <button
          type="button"
          className="button button-quiet"
          data-testid="share-close"
          onClick={() => ref.current?.close()}
        >
          Close
        </button>
      </div>
      <p className="muted">
        A report holds what the views show — facts, tasks, backtraces, log, iomem — never raw
        memory. It is made here, in your browser; nothing leaves it until you download or copy it.
      </p>
      {problem && (
        <p className="error-inline" role="alert" data-testid="share-error">
          {problem.message} {toUiError(problem).hint}
        </p>
      )}
      {facts && choices && <ShareOptions facts={facts} choices={choices} onChange={setChoices} />}
      {preview && <SharePreviewPanel preview={preview} release={release} />}
    </dialog>
  );
}
