// The task walks of include/linux/sched/signal.h over a dump:
//   for_each_process: init_task.tasks, thread-group leaders only, init_task excluded;
//   for_each_thread:  signal->thread_head linked through thread_node (or the older
//                     thread_group ring), the leader included.
// Lists of a crashed kernel may be corrupt: a walk that meets a NULL, poisoned, unreadable
// or repeated node stops with a warning (program/list.ts) and the tasks found so far stay.
import { errorMessage, FaultError, type Warning } from '../../../errors';
import { readU64 } from '../../../memory/address-space';
import { listForEach } from '../../../program/list';
import type { KernelObjects } from '../kernel-access';
import type { TaskLayout } from './task-layout';

/** PID_MAX_LIMIT (include/linux/threads.h: 4M on 64-bit) bounds every walk. */
export const MAX_TASKS = 4 * 1024 * 1024;

export async function* forEachProcess(
  k: KernelObjects,
  layout: TaskLayout,
  initTask: bigint,
  warnings: Warning[],
): AsyncGenerator<bigint> {
  const off = BigInt(layout.tasks);
  for await (const node of listForEach(k, initTask + off, { warnings, limit: MAX_TASKS })) {
    yield node - off;
  }
}

export async function* forEachThread(
  k: KernelObjects,
  layout: TaskLayout,
  leader: bigint,
  warnings: Warning[],
): AsyncGenerator<bigint> {
  const th = layout.threads;
  if (th.kind === 'thread_group') {
    // A ring through the group's tasks with no separate head: start at the leader.
    yield leader;
    const off = BigInt(th.threadGroup);
    for await (const node of listForEach(k, leader + off, { warnings, limit: MAX_TASKS })) yield node - off;
    return;
  }
  let signal: bigint;
  try {
    signal = await readU64(k.space, leader + BigInt(th.signal.offset));
  } catch (e) {
    if (!(e instanceof FaultError)) throw e;
    warnings.push({
      code: 'TASK_UNREADABLE',
      message: `task 0x${leader.toString(16)}: cannot read signal: ${errorMessage(e)}; its threads are not listed`,
    });
    yield leader;
    return;
  }
  const off = BigInt(th.threadNode);
  let sawLeader = false;
  for await (const node of listForEach(k, signal + BigInt(th.threadHead), { warnings, limit: MAX_TASKS })) {
    if (node - off === leader) sawLeader = true;
    yield node - off;
  }
  if (!sawLeader) yield leader; // an exiting leader may already be off the list
}

/** for_each_process_thread(p, t): every task but the idle tasks, each once. */
export async function* forEachTask(
  k: KernelObjects,
  layout: TaskLayout,
  initTask: bigint,
  warnings: Warning[],
): AsyncGenerator<bigint> {
  const seen = new Set<bigint>([initTask]);
  for await (const p of forEachProcess(k, layout, initTask, warnings)) {
    for await (const t of forEachThread(k, layout, p, warnings)) {
      if (seen.has(t)) continue;
      seen.add(t);
      yield t;
    }
  }
}
