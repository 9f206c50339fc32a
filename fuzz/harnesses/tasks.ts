// The task list: getTaskTable over a Program built from the dump (init_task.tasks walk,
// pid/tgid/comm/state, per-CPU runqueues). Seeds: real dumps; the task_struct pages are
// the hot ranges.
import { getTaskTable } from '../../src/analysis/helpers/linux/sched/task-table';
import { programHarness } from './support/kernel-harness';

export const harness = programHarness('tasks', async (program) => {
  await getTaskTable(program);
});
