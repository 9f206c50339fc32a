// Which tasks of a report are user processes, whose names a shared report can hide.
// Kernel threads have PF_KTHREAD (ReportTask.kthread). Without that flag, the kernel's
// own genealogy decides: every kernel thread is a child of kthreadd (pid 2), which like
// the idle tasks (pid 0) is itself one (kernel/kthread.c); everything else descends from
// init (pid 1) and runs user code.
import type { ReportTask, SharedReport } from './report-types';

/** Longest comm: TASK_COMM_LEN 16, less the NUL (include/linux/sched.h). */
export const COMM_MAX = 15;

export function isUserTask(t: Pick<ReportTask, 'pid' | 'ppid' | 'kthread'>): boolean {
  if (t.kthread !== undefined) return !t.kthread;
  return t.pid !== 0 && t.pid !== 2 && t.ppid !== 2;
}

/**
 * The distinct comms of the report's user tasks, in task order. Without a task list, the
 * panic task counts as a user task unless it is an idle task.
 */
export function userTaskComms(report: SharedReport): string[] {
  const names = new Set<string>();
  if (report.tasks) {
    for (const t of report.tasks) if (isUserTask(t) && t.comm) names.add(t.comm);
  } else if (report.panic?.comm && report.panic.pid !== 0 && report.panic.pid !== null) {
    names.add(report.panic.comm);
  }
  return [...names];
}

/** Whether a comm field holds `name`: the kernel keeps only its first 15 bytes. */
export function commMatches(comm: string, name: string): boolean {
  return comm === name || (name.length > COMM_MAX && comm === name.slice(0, COMM_MAX));
}
