// The task table's text filter (data-testid task-filter): comm substring or pid prefix.
import { useId } from 'react';

export function TaskFilter({ value, onChange, shown, total }: { value: string; onChange: (v: string) => void; shown: number | null; total: number }) {
  const id = useId();
  return (
    <div className="filter-bar">
      <label htmlFor={id}>Filter tasks</label>
      <input
        id={id}
        type="search"
        data-testid="task-filter"
        placeholder="comm or pid"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        autoComplete="off"
        spellCheck={false}
      />
      <span className="muted" aria-live="polite">
        {shown === null ? '…' : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} tasks`}
      </span>
    </div>
  );
}
