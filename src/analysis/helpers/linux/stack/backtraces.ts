// The backtrace of every task of the task table (helpers/linux/sched/task-table.ts), the
// idle tasks included, in the table's order. A task whose unwind fails keeps an empty or
// partial trace with a warning; the others go on.
import { CancelledError, type Warning } from '../../../errors';
import type { TaskTable } from '../sched/task-table';
import { taskBacktrace, type Backtrace } from './backtrace';
import { unwindEnv, type StackProgram, type UnwindEnv } from './unwind-context';

const BATCH = 8;

export interface Backtraces {
  backtraces: Backtrace[];
  env: UnwindEnv;
  /** Shared problems and every task's warnings. */
  warnings: Warning[];
}

export interface BacktraceOptions {
  signal?: { readonly aborted: boolean };
  onProgress?: (done: number, total: number) => void;
  env?: UnwindEnv;
}

export async function getBacktraces(prog: StackProgram, table: TaskTable, opts: BacktraceOptions = {}): Promise<Backtraces> {
  const env = opts.env ?? (await unwindEnv(prog));
  const runningOn = new Map<bigint, number>();
  for (const rq of table.runqueues) runningOn.set(rq.curr, rq.cpu);
  const warnings = [...env.warnings];
  const backtraces: Backtrace[] = [];
  // A few tasks at a time: their page reads overlap (a compressed dump decodes pages
  // while another task's wait), and the order stays the table's.
  for (let i = 0; i < table.tasks.length; i += BATCH) {
    if (opts.signal?.aborted) throw new CancelledError();
    opts.onProgress?.(i, table.tasks.length);
    const batch = table.tasks.slice(i, i + BATCH).map((t) =>
      taskBacktrace(env, { address: t.address, pid: t.pid, comm: t.comm, cpu: t.cpu, runningOn: runningOn.get(t.address) ?? null, stack: t.stack }),
    );
    for (const bt of await Promise.all(batch)) {
      backtraces.push(bt);
      warnings.push(...bt.warnings);
    }
  }
  return { backtraces, env, warnings };
}
