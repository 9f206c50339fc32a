// The task table of a dump, as crash's `ps` shows it: the idle task of every possible CPU
// (rq->idle, swapper/N; CPU 0's is init_task), then every process and thread of the task
// list. Each task carries pid, tgid, ppid (the tgid of real_parent, as /proc/PID/stat
// reports it), comm, state letter, CPU and whether it is running on that CPU.
import { errorMessage, FaultError, type Warning } from '../../../errors';
import { readU32 } from '../../../memory/address-space';
import { cpumaskCpus, nrCpuIds } from '../cpumask';
import { symbolAddress, type KernelObjects } from '../kernel-access';
import { StructLayouts } from '../struct-layout';
import { forEachTask } from './for-each-task';
import { readRunqueues, type RunqueueState } from './runqueue';
import { PF_KTHREAD, readTask, type TaskFields } from './task';
import { taskLayout, type TaskLayout } from './task-layout';
import { MissingDebugInfoError } from '../../../errors';

export interface TaskInfo extends TaskFields {
  ppid: number;
  kthread: boolean;
  /** swapper/N: rq->idle of a CPU. */
  idle: boolean;
  /** rq->curr of its CPU (crash marks these with ">"). */
  active: boolean;
}

export interface TaskTable {
  tasks: TaskInfo[];
  runqueues: RunqueueState[];
  possibleCpus: number[];
  warnings: Warning[];
}

export async function getTaskTable(k: KernelObjects): Promise<TaskTable> {
  const warnings: Warning[] = [];
  const l = new StructLayouts(k.vmcoreinfo, k.types);
  const layout = taskLayout(l);
  const initTask = symbolAddress(k, 'init_task');
  if (initTask === undefined) throw new MissingDebugInfoError('symbol init_task');
  const possible = (await cpumaskCpus(k, 'possible')) ?? range((await nrCpuIds(k)) ?? 1);
  const runqueues = await readRunqueues(k, l, possible, warnings);

  const tasks: TaskInfo[] = [];
  const byAddress = new Map<bigint, TaskInfo>();
  const add = async (address: bigint, idle: boolean): Promise<void> => {
    if (byAddress.has(address)) return;
    try {
      const t = await readTask(k.space, layout, address);
      const info: TaskInfo = { ...t, ppid: 0, kthread: (t.flags & PF_KTHREAD) !== 0, idle, active: false };
      tasks.push(info);
      byAddress.set(address, info);
    } catch (e) {
      if (!(e instanceof FaultError)) throw e;
      warnings.push({ code: 'TASK_UNREADABLE', message: `task_struct at 0x${address.toString(16)}: ${errorMessage(e)}; skipped` });
    }
  };
  const idles = runqueues.length ? runqueues.map((r) => r.idle) : [initTask];
  for (const idle of idles) await add(idle, true);
  for await (const t of forEachTask(k, layout, initTask, warnings)) await add(t, false);

  // A task running on a CPU exists even when a broken list walk did not reach it.
  const walkComplete = warnings.length === 0;
  for (const rq of runqueues) {
    if (!byAddress.has(rq.curr)) {
      if (walkComplete) {
        warnings.push({ code: 'TASK_NOT_LISTED', message: `CPU ${rq.cpu}: rq->curr 0x${rq.curr.toString(16)} is not in the task list` });
      }
      await add(rq.curr, false);
    }
    const t = byAddress.get(rq.curr);
    if (t) t.active = true;
    if (rq.current !== null && rq.current !== rq.curr) {
      warnings.push({
        code: 'CURRENT_MISMATCH',
        message: `CPU ${rq.cpu}: per-CPU current task 0x${rq.current.toString(16)} differs from rq->curr 0x${rq.curr.toString(16)}`,
      });
    }
  }
  for (const t of tasks) t.ppid = await parentTgid(k, layout, t, byAddress, warnings);
  return { tasks, runqueues, possibleCpus: possible, warnings };
}

async function parentTgid(
  k: KernelObjects,
  layout: TaskLayout,
  t: TaskInfo,
  byAddress: Map<bigint, TaskInfo>,
  warnings: Warning[],
): Promise<number> {
  if (t.idle) return 0;
  const p = byAddress.get(t.realParent);
  if (p) return p.idle ? 0 : p.tgid;
  try {
    return await readU32(k.space, t.realParent + BigInt(layout.tgid.offset));
  } catch (e) {
    if (!(e instanceof FaultError)) throw e;
    warnings.push({ code: 'TASK_UNREADABLE', message: `pid ${t.pid}: real_parent 0x${t.realParent.toString(16)}: ${errorMessage(e)}` });
    return 0;
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
