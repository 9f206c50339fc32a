// The task table of every real dump against crash 8.0.6's `ps` and drgn's task list,
// with the debug vmlinux and from the dump alone (kallsyms + BTF).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTaskTable, type TaskTable } from '../../src/analysis/helpers/linux/sched/task-table';
import { hasOracle, readOracle } from '../support/fixtures';
import { CRASH_STATE, crashPs, openFixtureProgram, fixtureModeCases } from './kernel-state-support';

interface DrgnTask {
  pid: number;
  tgid: number;
  ppid: number;
  comm: string;
  state: string;
  cpu: number;
  on_cpu: number;
  task: string;
}

const cases = fixtureModeCases();

describe.each(cases)('tasks of %s', (_name, f, mode) => {
  let table: TaskTable;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const p = await openFixtureProgram(f, mode);
    close = p.close;
    table = await getTaskTable(p.program);
  });
  afterAll(() => close?.());

  it('walks the task list without warnings', () => {
    expect(table.warnings).toEqual([]);
  });

  it("equals crash's ps: pid, ppid, CPU, task, state, comm, active", () => {
    const ps = crashPs(f);
    if (!ps) return;
    const mine = table.tasks.map((t) => ({
      active: t.active,
      pid: t.pid,
      ppid: t.ppid,
      cpu: t.cpu,
      task: `0x${t.address.toString(16)}`,
      st: t.state,
      comm: t.comm,
    }));
    const theirs = ps.map((r) => ({ ...r, st: CRASH_STATE[r.st] ?? r.st }));
    const key = (r: { task: string }) => r.task;
    expect([...mine].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...theirs].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it("equals drgn's task list (the idle tasks aside)", () => {
    if (!hasOracle(f, 'drgn-tasks.json')) return;
    const drgn = JSON.parse(readOracle(f, 'drgn-tasks.json')) as DrgnTask[];
    const mine = table.tasks
      .filter((t) => !t.idle)
      .map((t) => ({
        pid: t.pid,
        tgid: t.tgid,
        ppid: t.ppid,
        comm: t.comm,
        state: t.state,
        cpu: t.cpu,
        on_cpu: t.onCpu ? 1 : 0,
        task: `0x${t.address.toString(16)}`,
      }));
    const pick = (d: DrgnTask) => ({ pid: d.pid, tgid: d.tgid, ppid: d.ppid, comm: d.comm, state: d.state, cpu: d.cpu, on_cpu: d.on_cpu, task: d.task });
    expect(mine.sort((a, b) => a.pid - b.pid)).toEqual(drgn.map(pick).sort((a, b) => a.pid - b.pid));
  });

  it('finds each CPU’s current and idle task and runqueue length', () => {
    const cpus = f.manifest.guest_cpus;
    expect(table.runqueues.map((r) => r.cpu)).toEqual(Array.from({ length: cpus }, (_, i) => i));
    const panicRq = table.runqueues[f.manifest.panic_cpu]!;
    const curr = table.tasks.find((t) => t.address === panicRq.curr)!;
    expect(curr).toMatchObject({ pid: f.manifest.panic_pid, comm: f.manifest.panic_task_comm, active: true });
    expect(panicRq.current).toBe(panicRq.curr);
    for (const r of table.runqueues) {
      expect(table.tasks.find((t) => t.address === r.idle)).toMatchObject({ pid: 0, comm: `swapper/${r.cpu}`, idle: true });
    }
    if (!hasOracle(f, 'drgn-summary.json')) return;
    const drgn = JSON.parse(readOracle(f, 'drgn-summary.json')) as {
      cpus: { cpu: number; curr_task: string; nr_running: number }[];
    };
    expect(table.runqueues.map((r) => ({ cpu: r.cpu, curr_task: `0x${r.curr.toString(16)}`, nr_running: r.nrRunning }))).toEqual(
      drgn.cpus.map((c) => ({ cpu: c.cpu, curr_task: c.curr_task, nr_running: c.nr_running })),
    );
  });
});
