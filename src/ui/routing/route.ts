// Routes: every view and what it shows lives in the URL hash, so a reload or a shared
// link returns to the same place:
//   #/tasks/1234            task 1234 selected (pid 0 repeats per CPU: #/tasks/0?cpu=1)
//   #/tasks/1234/frames/3   and frame #3 of its backtrace
//   #/memory/0xffff…?space=physical&struct=task_struct
//   #/log?q=oom&levels=0,1,2,3
import { DEFAULT_VIEW, isViewId, type ViewId } from './views';

export interface Route {
  view: ViewId;
  /** Path segments after the view ("1234", "frames", "3"). */
  path: string[];
  query: Record<string, string>;
}

export const DEFAULT_ROUTE: Route = { view: DEFAULT_VIEW, path: [], query: {} };

/** The route a hash names, or null when it names none (empty or unknown hash). */
export function parseRoute(hash: string): Route | null {
  const m = /^#\/([a-z]+)((?:\/[^/?#]*)*)(?:\?(.*))?$/.exec(hash);
  const view = m?.[1];
  if (!m || view === undefined || !isViewId(view)) return null;
  const path = (m[2] ?? '')
    .split('/')
    .filter(Boolean)
    .map((s) => safeDecode(s));
  const query = Object.fromEntries(new URLSearchParams(m[3] ?? ''));
  return { view, path, query };
}

export function formatRoute(r: Route): string {
  const path = r.path.map((s) => `/${encodeURIComponent(s)}`).join('');
  const entries = Object.entries(r.query).filter(([, v]) => v !== '');
  const query = entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
  return `#/${r.view}${path}${query}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function hashForView(view: ViewId): string {
  return `#/${view}`;
}

export function taskHref(pid: number, cpu?: number | null, frame?: number | null): string {
  const path = [String(pid), ...(frame !== null && frame !== undefined ? ['frames', String(frame)] : [])];
  return formatRoute({ view: 'tasks', path, query: pid === 0 && cpu !== null && cpu !== undefined ? { cpu: String(cpu) } : {} });
}

export type MemorySpace = 'virtual' | 'physical';

export function memoryHref(address: string, opts: { space?: MemorySpace; struct?: string } = {}): string {
  const query: Record<string, string> = {};
  if (opts.space === 'physical') query.space = 'physical';
  if (opts.struct) query.struct = opts.struct;
  return formatRoute({ view: 'memory', path: [address], query });
}

/** The selected task of a tasks route: pid, the CPU for pid 0, and the frame, if any. */
export function taskSelection(r: Route): { pid: number; cpu: number | null; frame: number | null } | null {
  if (r.view !== 'tasks' || !/^\d+$/.test(r.path[0] ?? '')) return null;
  const cpu = /^\d+$/.test(r.query.cpu ?? '') ? Number(r.query.cpu) : null;
  const frame = r.path[1] === 'frames' && /^\d+$/.test(r.path[2] ?? '') ? Number(r.path[2]) : null;
  return { pid: Number(r.path[0]), cpu, frame };
}
