// The task table: virtualized rows fetched from the worker a block at a time, sortable
// columns, and keyboard movement (arrows, Page Up/Down, Home/End; Enter opens the task).
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TaskQuery, TaskRow, TaskSortKey } from '../../../workers/analysis-api';
import { moveActive } from '../../virtual/list-keys';
import { usePagedRows } from '../../virtual/use-paged-rows';
import { useVirtualWindow } from '../../virtual/use-virtual-window';
import { ask } from '../../worker/requests';
import { TaskRowView } from './TaskRowView';

export const ROW_HEIGHT = 28;

const COLUMNS: Array<{ key: TaskSortKey; label: string }> = [
  { key: 'pid', label: 'PID' },
  { key: 'ppid', label: 'PPID' },
  { key: 'cpu', label: 'CPU' },
  { key: 'state', label: 'ST' },
  { key: 'comm', label: 'COMM' },
  { key: 'task', label: 'TASK' },
];

export function TaskTable({
  query,
  selectedKey,
  onSort,
  onSelect,
  onOpen,
  onTotal,
}: {
  query: TaskQuery;
  selectedKey: number | null;
  onSort: (key: TaskSortKey) => void;
  /** `replace`: the keyboard moved the selection (no new history entry). */
  onSelect: (row: TaskRow, replace: boolean) => void;
  onOpen: () => void;
  onTotal: (n: number | null) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const queryKey = JSON.stringify(query);
  const [count, setCount] = useState(0);
  const win = useVirtualWindow(scroller, count, ROW_HEIGHT);
  const fetch = useCallback((w: { offset: number; limit: number }) => ask((api) => api.queryTasks(query, w)), [query]);
  const rows = usePagedRows(queryKey, fetch, win);
  const [active, setActive] = useState(0);

  useEffect(() => {
    setCount(rows.total ?? 0);
    onTotal(rows.total);
  }, [rows.total, onTotal]);

  // Show the selected task wherever the current order puts it.
  const { reveal } = win;
  useEffect(() => {
    if (selectedKey === null) return;
    let live = true;
    void ask((api) => api.taskPosition(query, selectedKey)).then((r) => {
      if (!live || !r.ok || r.value < 0) return;
      setActive(r.value);
      requestAnimationFrame(() => reveal(r.value));
    });
    return () => {
      live = false;
    };
  }, [query, selectedKey, reveal]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      const row = rows.row(active);
      if (row) {
        e.preventDefault();
        onSelect(row, true);
        onOpen();
      }
      return;
    }
    const next = moveActive(e.key, active, count, win.pageRows);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    win.reveal(next);
    const row = rows.row(next);
    if (row) onSelect(row, true);
  };

  const sortLabel = (key: TaskSortKey) => (query.sort !== key ? 'none' : query.descending ? 'descending' : 'ascending');
  return (
    <div className="task-table" role="grid" aria-rowcount={count + 1} aria-label="Tasks">
      <div className="task-row task-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => (
          <div key={c.key} role="columnheader" className={`cell cell-${c.key}`} aria-sort={sortLabel(c.key)}>
            <button type="button" className="sort-button" onClick={() => onSort(c.key)}>
              {c.label}
              <span aria-hidden="true">{query.sort === c.key ? (query.descending ? ' ▼' : ' ▲') : ''}</span>
            </button>
          </div>
        ))}
      </div>
      <div
        ref={scroller}
        className="virtual-scroller task-scroller"
        tabIndex={0}
        role="rowgroup"
        aria-activedescendant={count > 0 ? `task-row-${active}` : undefined}
        aria-label="Task rows: use the arrow keys to move, Enter to open the task"
        onKeyDown={onKeyDown}
      >
        <div style={{ height: win.totalHeight, position: 'relative' }}>
          {Array.from({ length: win.end - win.start }, (_, k) => {
            const i = win.start + k;
            return (
              <TaskRowView
                key={i}
                index={i}
                row={rows.row(i)}
                top={i * ROW_HEIGHT}
                active={i === active}
                selected={rows.row(i)?.key === selectedKey}
                onClick={(row) => {
                  setActive(i);
                  onSelect(row, false);
                }}
              />
            );
          })}
        </div>
        {rows.total === 0 && <p className="muted empty-rows">No task matches the filter.</p>}
        {rows.error && <p className="error-inline" role="alert">{rows.error}</p>}
      </div>
    </div>
  );
}
