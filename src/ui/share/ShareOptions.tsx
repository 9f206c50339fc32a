// The share dialog's choices: what to remove, and which sections to include.
import type { ReactNode } from 'react';
import type { ShareFacts } from '../../workers/analysis-api';
import { REQUIRED_SECTIONS, SECTION_LABELS, type ShareChoices } from './share-request';

const MAX_LISTED_COMMS = 8;

function Check({
  testId,
  checked,
  onChange,
  children,
}: {
  testId: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label>
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      {children}
    </label>
  );
}

export function ShareOptions({
  facts,
  choices,
  onChange,
}: {
  facts: ShareFacts;
  choices: ShareChoices;
  onChange: (c: ShareChoices) => void;
}) {
  const set = (patch: Partial<ShareChoices>) => onChange({ ...choices, ...patch });
  const comms = facts.userComms;
  const listed =
    comms.slice(0, MAX_LISTED_COMMS).join(', ') + (comms.length > MAX_LISTED_COMMS ? ', …' : '');
  const toggleSection = (s: ShareChoices['sections'][number], on: boolean) =>
    set({ sections: facts.sections.filter((x) => (x === s ? on : choices.sections.includes(x))) });
  return (
    <div className="share-options">
      <fieldset>
        <legend>Remove</legend>
        <Check
          testId="share-hostname"
          checked={choices.hostname}
          onChange={(on) => set({ hostname: on })}
        >
          Host name
          {facts.hostname ? (
            <>
              {' '}
              (<code>{facts.hostname}</code>)
            </>
          ) : null}
          , everywhere it appears
        </Check>
        <Check testId="share-kaslr" checked={choices.kaslr} onChange={(on) => set({ kaslr: on })}>
          KASLR offset
          {facts.kaslrOffset ? (
            <>
              {' '}
              (<code>{facts.kaslrOffset}</code>)
            </>
          ) : null}
          ; kernel addresses become <code>symbol+0xoff</code>, or go when no symbol names them
          {facts.symbolSource === 'report'
            ? ' (this report carries no symbol table: only its frames name addresses)'
            : ''}
        </Check>
        <Check
          testId="share-user-comms"
          checked={choices.userComms}
          onChange={(on) => set({ userComms: on })}
        >
          Names of user processes{comms.length ? <> ({listed})</> : null}
        </Check>
        <label className="share-field">
          Other process names to hide, wherever they appear (comma-separated)
          <input
            type="text"
            data-testid="share-comms"
            value={choices.comms}
            spellCheck={false}
            onChange={(e) => set({ comms: e.currentTarget.value })}
          />
        </label>
        <label className="share-field">
          Drop the log lines that match (one regular expression per line, or /regex/i)
          <textarea
            data-testid="share-log-patterns"
            rows={2}
            value={choices.logPatterns}
            spellCheck={false}
            onChange={(e) => set({ logPatterns: e.currentTarget.value })}
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Include</legend>
        {facts.sections.map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              data-testid={`share-section-${s}`}
              checked={choices.sections.includes(s)}
              disabled={REQUIRED_SECTIONS.includes(s)}
              onChange={(e) => toggleSection(s, e.currentTarget.checked)}
            />
            {SECTION_LABELS[s]}
          </label>
        ))}
        <p className="muted">Raw memory is never part of a report.</p>
      </fieldset>
    </div>
  );
}
