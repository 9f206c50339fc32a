// What both worker endpoints answer from the report kept in the worker (ReportIndex):
// windows of the task table and the log, and one task's detail. The live-dump endpoint
// and the shared-report endpoint differ only in where the index comes from.
import { toSessionError } from '../analysis/session/analysis-session';
import type {
  LogLine,
  LogQuery,
  RowPage,
  RowWindow,
  TaskDetail,
  TaskQuery,
  TaskRow,
  WorkerResult,
} from './analysis-api';
import type { ReportIndex } from './report-index';

/** Runs `f`, turning a throw into a plain `{ code, message }` error for the UI. */
export async function result<T>(f: () => T | Promise<T>): Promise<WorkerResult<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    return { ok: false, error: toSessionError(e) };
  }
}

export abstract class ReportQueries {
  /** Runs `f` on the open report's index, or answers that nothing is open. */
  protected abstract withIndex<T>(f: (index: ReportIndex) => T): Promise<WorkerResult<T>>;

  queryTasks(query: TaskQuery, window: RowWindow): Promise<WorkerResult<RowPage<TaskRow>>> {
    return this.withIndex((i) => i.queryTasks(query, window));
  }

  taskPosition(query: TaskQuery, key: number): Promise<WorkerResult<number>> {
    return this.withIndex((i) => i.taskPosition(query, key));
  }

  taskDetail(pid: number, cpu: number | null): Promise<WorkerResult<TaskDetail | null>> {
    return this.withIndex((i) => i.taskDetail(pid, cpu));
  }

  queryLog(query: LogQuery, window: RowWindow): Promise<WorkerResult<RowPage<LogLine>>> {
    return this.withIndex((i) => i.queryLog(query, window));
  }
}
