// The main views of the app. Each has a URL (#/id) and a nav control (data-testid nav-<id>).

export const VIEWS = ['overview', 'tasks', 'log', 'memory', 'iomem', 'cpus', 'console'] as const;
export type ViewId = (typeof VIEWS)[number];

export const DEFAULT_VIEW: ViewId = 'overview';

export const VIEW_LABELS: Record<ViewId, string> = {
  overview: 'Overview',
  tasks: 'Tasks',
  log: 'Kernel log',
  memory: 'Memory',
  iomem: 'I/O memory',
  cpus: 'CPUs',
  console: 'Console',
};

export function isViewId(s: string): s is ViewId {
  return (VIEWS as readonly string[]).includes(s);
}
