// Backtraces: the ORC tables read from the dump's memory and the unwinder over every
// task's stack (getBacktraces on the task table). Seeds: real dumps; the ORC tables and
// the stacks are the hot ranges.
import { getTaskTable } from '../../src/analysis/helpers/linux/sched/task-table';
import { getBacktraces } from '../../src/analysis/helpers/linux/stack/backtraces';
import { programHarness } from './support/kernel-harness';

export const harness = programHarness('backtraces', async (program) => {
  const table = await getTaskTable(program);
  await getBacktraces(program, table);
});
