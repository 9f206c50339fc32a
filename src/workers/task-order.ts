// Filtering and sorting of task rows for the task table.
import type { TaskQuery, TaskRow, TaskSortKey } from './analysis-api';

/** Text matches comm (substring, any case) or the pid (decimal prefix). */
export function taskMatcher(q: TaskQuery): (t: TaskRow) => boolean {
  const text = q.text.trim().toLowerCase();
  const states = new Set(q.states);
  const digits = /^\d+$/.test(text);
  return (t) =>
    (states.size === 0 || states.has(t.state)) &&
    (text === '' || t.comm.toLowerCase().includes(text) || (digits && String(t.pid).startsWith(text)));
}

export function compareTasks(key: TaskSortKey, descending: boolean): (a: TaskRow, b: TaskRow) => number {
  const sign = descending ? -1 : 1;
  const primary = (a: TaskRow, b: TaskRow): number => {
    switch (key) {
      case 'comm':
      case 'state':
        return a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
      case 'task':
        return compareAddresses(a.task, b.task);
      default:
        return a[key] - b[key];
    }
  };
  // Ties keep the kernel's task-list order, so equal rows never shuffle between queries.
  return (a, b) => sign * primary(a, b) || a.key - b.key;
}

/** Hex addresses in numeric order; a redacted report's symbolic (then dropped) ones after them. */
function compareAddresses(a: string | null, b: string | null): number {
  const rank = (s: string | null) => (s === null ? 2 : s.startsWith('0x') ? 0 : 1);
  const r = rank(a) - rank(b);
  if (r !== 0 || a === null || b === null) return r;
  if (rank(a) === 1) return a < b ? -1 : a > b ? 1 : 0;
  return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
}
