// The open report, kept in the worker. The UI gets the head of it (everything but the
// large sections) plus small digests, and asks for task and log rows a window at a time;
// sorting and filtering happen here, on the full lists.
import type { Report, ReportBacktrace } from '../analysis/report/report-types';
import type {
  Capabilities,
  LogLine,
  LogQuery,
  OpenedDump,
  ReportHead,
  RowPage,
  RowWindow,
  StateCount,
  TaskDetail,
  TaskQuery,
  TaskRow,
} from './analysis-api';
import { logLinesOf } from './log-lines';
import { compareTasks, taskMatcher } from './task-order';

const LOG_TAIL = 15;
const MAX_WINDOW = 2000;

function clampWindow(w: RowWindow, total: number): { start: number; end: number } {
  const start = Math.max(0, Math.min(Math.floor(w.offset), total));
  const end = Math.min(total, start + Math.max(0, Math.min(Math.floor(w.limit), MAX_WINDOW)));
  return { start, end };
}

export class ReportIndex {
  private readonly tasks: TaskRow[];
  private readonly lines: LogLine[];
  private readonly traces = new Map<string, ReportBacktrace>();
  /** The last task and log orders, so that scrolling one query only slices. */
  private taskOrder: { key: string; rows: TaskRow[] } | null = null;
  private logOrder: { key: string; rows: LogLine[] } | null = null;

  constructor(readonly report: Report) {
    this.tasks = (report.tasks ?? []).map((t, key) => ({ ...t, key }));
    this.lines = report.log ? logLinesOf(report.log) : [];
    for (const bt of report.backtraces ?? []) {
      this.traces.set(traceKey(bt.pid, bt.cpu), bt);
      if (!this.traces.has(traceKey(bt.pid, null))) this.traces.set(traceKey(bt.pid, null), bt);
    }
  }

  opened(capabilities: Capabilities): OpenedDump {
    const { tasks, backtraces, log, ...head } = this.report;
    const panic = this.report.panic;
    return {
      report: head satisfies ReportHead,
      counts: {
        tasks: tasks ? tasks.length : null,
        backtraces: backtraces ? backtraces.length : null,
        logLines: log ? this.lines.length : null,
      },
      taskStates: tasks ? stateCounts(this.tasks) : null,
      logTail: this.lines.slice(-LOG_TAIL),
      panicBacktrace:
        panic?.pid !== null && panic?.pid !== undefined ? (this.trace(panic.pid, panic.cpu) ?? null) : null,
      capabilities,
    };
  }

  queryTasks(q: TaskQuery, w: RowWindow): RowPage<TaskRow> {
    const rows = this.orderedTasks(q);
    const { start, end } = clampWindow(w, rows.length);
    return { total: rows.length, offset: start, rows: rows.slice(start, end) };
  }

  taskPosition(q: TaskQuery, key: number): number {
    return this.orderedTasks(q).findIndex((t) => t.key === key);
  }

  taskDetail(pid: number, cpu: number | null): TaskDetail | null {
    const task =
      this.tasks.find((t) => t.pid === pid && (cpu === null || t.cpu === cpu)) ??
      this.tasks.find((t) => t.pid === pid);
    if (!task) return null;
    return { task, backtrace: this.trace(pid, pid === 0 ? task.cpu : cpu) ?? null };
  }

  queryLog(q: LogQuery, w: RowWindow): RowPage<LogLine> {
    const rows = this.orderedLog(q);
    const { start, end } = clampWindow(w, rows.length);
    return { total: rows.length, offset: start, rows: rows.slice(start, end) };
  }

  private trace(pid: number, cpu: number | null): ReportBacktrace | undefined {
    return this.traces.get(traceKey(pid, cpu)) ?? this.traces.get(traceKey(pid, null));
  }

  private orderedTasks(q: TaskQuery): TaskRow[] {
    const key = JSON.stringify([q.text.trim().toLowerCase(), [...q.states].sort(), q.sort, q.descending]);
    if (this.taskOrder?.key !== key) {
      const match = taskMatcher(q);
      const rows = this.tasks.filter(match);
      rows.sort(compareTasks(q.sort, q.descending));
      this.taskOrder = { key, rows };
    }
    return this.taskOrder.rows;
  }

  private orderedLog(q: LogQuery): LogLine[] {
    const text = q.text.toLowerCase();
    const levels = new Set(q.levels);
    const key = JSON.stringify([text, [...levels].sort()]);
    if (this.logOrder?.key !== key) {
      const rows =
        text === '' && levels.size === 0
          ? this.lines
          : this.lines.filter((l) => (levels.size === 0 || levels.has(l.level)) && (text === '' || l.text.toLowerCase().includes(text)));
      this.logOrder = { key, rows };
    }
    return this.logOrder.rows;
  }
}

function traceKey(pid: number, cpu: number | null): string {
  return `${pid}/${cpu ?? '*'}`;
}

function stateCounts(tasks: TaskRow[]): StateCount[] {
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  return [...counts].map(([state, count]) => ({ state, count })).sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
}
