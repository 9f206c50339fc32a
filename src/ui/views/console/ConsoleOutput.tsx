// What the console printed: each command with its output, newest at the bottom
// (data-testid console-output). It scrolls to the newest entry.
import { useEffect, useRef } from 'react';

export interface ConsoleEntry {
  id: number;
  line: string;
  text: string | null;
  ok: boolean;
}

export function ConsoleOutput({ entries }: { entries: ConsoleEntry[] }) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // (Braces: scrollIntoView returns a promise in recent browsers, and an effect must not.)
    end.current?.scrollIntoView({ block: 'end' });
  }, [entries]);
  return (
    <div className="console-output mono" data-testid="console-output" role="log" aria-label="Console output" tabIndex={0}>
      {entries.map((e) => (
        <div key={e.id} className="console-entry" data-command={e.line}>
          <div className="console-prompt">crash&gt; {e.line}</div>
          {e.text === null ? (
            <div className="muted">running…</div>
          ) : (
            <pre className={e.ok ? 'console-text' : 'console-text console-error'}>{e.text}</pre>
          )}
        </div>
      ))}
      <div ref={end} />
    </div>
  );
}
