// Exactly what will be shared — a summary and the JSON itself — and the three ways to
// share it: the .crashlens.json file, a permalink (when small enough), a single HTML file.
import { useState } from 'react';
import type { SharePreview } from '../../workers/analysis-api';
import { formatBytes } from '../format/format-values';
import { downloadBlob, permalinkUrl, reportFileStem, reportHtml } from './share-exports';

const REDACTION_LABELS: Record<string, string> = {
  hostname: 'host name',
  kaslr: 'KASLR offset and kernel addresses',
  comm: 'process names',
  log: 'log lines',
};

export function SharePreviewPanel({
  preview,
  release,
}: {
  preview: SharePreview;
  release: string | null;
}) {
  const [htmlError, setHtmlError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const stem = reportFileStem(release, preview.signature?.id);
  const bytes = new TextEncoder().encode(preview.json).length;
  const link = preview.permalink !== null ? permalinkUrl(preview.permalink) : null;
  const removed = preview.redactions.map((r) => REDACTION_LABELS[r] ?? r).join(', ');

  const saveHtml = async () => {
    setHtmlError(null);
    try {
      downloadBlob(
        `${stem}.crashlens.html`,
        await reportHtml(preview.json, `crashlens report ${release ?? ''}`.trim()),
      );
    } catch (e) {
      setHtmlError(e instanceof Error ? e.message : String(e));
    }
  };
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className="share-preview">
      <p data-testid="share-summary">
        {formatBytes(bytes)} of JSON{removed ? <>; removed: {removed}</> : '; nothing removed'}
        {preview.droppedLogRecords ? <> ({preview.droppedLogRecords} log records dropped)</> : null}
        .
      </p>
      <details>
        <summary>Show exactly what will be shared</summary>
        <pre className="share-json mono" data-testid="share-preview">
          {preview.json}
        </pre>
      </details>
      <div className="share-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="share-download-json"
          onClick={() =>
            downloadBlob(
              `${stem}.crashlens.json`,
              new Blob([preview.json], { type: 'application/json' }),
            )
          }
        >
          Download .crashlens.json
        </button>
        <button
          type="button"
          className="button"
          data-testid="share-download-html"
          onClick={() => void saveHtml()}
        >
          Download single HTML file
        </button>
      </div>
      {htmlError && (
        <p className="error-inline" role="alert">
          {htmlError}
        </p>
      )}
      {link ? (
        <div className="share-link">
          <label className="share-field">
            Link (the report travels in the part after #, which browsers never send to a server)
            <input
              type="text"
              readOnly
              data-testid="share-permalink"
              value={link}
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <button
            type="button"
            className="button"
            data-testid="share-copy-link"
            onClick={() => void copy()}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
      ) : (
        <p className="muted" data-testid="share-permalink-unavailable">
          {preview.permalink === null
            ? `This report is too large for a link (${preview.permalinkChars.toLocaleString('en')} characters compressed; links stop at ${preview.permalinkLimit.toLocaleString('en')}). Share the file instead, or leave out the log or the backtraces.`
            : 'Links open in the crashlens app; from this file, share the .crashlens.json or the HTML file.'}
        </p>
      )}
    </div>
  );
}
