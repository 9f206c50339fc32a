// The log's search box and level filter.
import { useId } from 'react';
import { LOG_LEVELS } from './log-levels';

export function LogToolbar({
  text,
  levels,
  shown,
  total,
  onText,
  onLevels,
}: {
  text: string;
  levels: number[];
  shown: number | null;
  total: number;
  onText: (t: string) => void;
  onLevels: (l: number[]) => void;
}) {
  const id = useId();
  const toggle = (level: number) =>
    onLevels(levels.includes(level) ? levels.filter((l) => l !== level) : [...levels, level].sort((a, b) => a - b));
  return (
    <div className="log-toolbar">
      <div className="filter-bar">
        <label htmlFor={id}>Search the log</label>
        <input
          id={id}
          type="search"
          data-testid="log-search"
          value={text}
          placeholder="text to find"
          onChange={(e) => onText(e.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <span className="muted" aria-live="polite" data-testid="log-count">
          {shown === null ? '…' : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} lines`}
        </span>
      </div>
      <div className="level-toggles" role="group" aria-label="Show only these log levels">
        {LOG_LEVELS.map((name, level) => (
          <button
            key={name}
            type="button"
            className={`chip log-level-${level}`}
            aria-pressed={levels.includes(level)}
            onClick={() => toggle(level)}
          >
            {level} {name}
          </button>
        ))}
      </div>
    </div>
  );
}
