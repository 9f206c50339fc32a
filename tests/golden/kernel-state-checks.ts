// The comparisons of the kernel-state golden tests, one function per oracle, so that each
// mode (dump, vmlinux .BTF, vmlinux DWARF) runs the same checks on one KernelState.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { KernelState } from '../../src/analysis/helpers/linux/kernel-state';
import { formatLoadAverage, formatUptime } from '../../src/analysis/helpers/linux/kernel-time';
import { formatMemorySize } from '../../src/analysis/helpers/linux/memory-size';
import { formatDmesg } from '../../src/analysis/helpers/linux/printk/dmesg-format';
import { formatResources, type ResourceTree } from '../../src/analysis/helpers/linux/resource';
import type { TaskTable } from '../../src/analysis/helpers/linux/sched/task-table';
import { hasOracle, readOracle, type Fixture } from '../support/fixtures';
import { CRASH_STATE, crashBlock, crashPs, dmesgOracle } from './kernel-state-support';

const hex = (v: bigint) => `0x${v.toString(16)}`;
const oracleJson = <T>(f: Fixture, name: string): T | null => (hasOracle(f, name) ? (JSON.parse(readOracle(f, name)) as T) : null);

/** crash 8.0.6 `ps`: every task, the idle ones included, with pid, ppid, CPU, state, comm, ">". */
export function expectTasksLikeCrash(f: Fixture, table: TaskTable): void {
  const ps = crashPs(f);
  if (!ps) return;
  const byTask = <T extends { task: string }>(a: T, b: T) => a.task.localeCompare(b.task);
  const mine = table.tasks.map((t) => ({
    active: t.active, pid: t.pid, ppid: t.ppid, cpu: t.cpu, task: hex(t.address), st: t.state, comm: t.comm,
  }));
  const theirs = ps.map((r) => ({ ...r, st: CRASH_STATE[r.st] ?? r.st }));
  expect(mine.sort(byTask)).toEqual(theirs.sort(byTask));
}

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

/** drgn-tasks.json: the tasks other than the idle ones, with tgid and on_cpu too. */
export function expectTasksLikeDrgn(f: Fixture, table: TaskTable): void {
  const drgn = oracleJson<DrgnTask[]>(f, 'drgn-tasks.json');
  if (!drgn) return;
  const mine = table.tasks
    .filter((t) => !t.idle)
    .map((t) => ({
      pid: t.pid, tgid: t.tgid, ppid: t.ppid, comm: t.comm, state: t.state, cpu: t.cpu, on_cpu: t.onCpu ? 1 : 0, task: hex(t.address),
    }));
  const theirs = drgn.map((d) => ({
    pid: d.pid, tgid: d.tgid, ppid: d.ppid, comm: d.comm, state: d.state, cpu: d.cpu, on_cpu: d.on_cpu, task: d.task,
  }));
  expect(mine.sort((a, b) => a.pid - b.pid)).toEqual(theirs.sort((a, b) => a.pid - b.pid));
}

/** Each CPU's rq->curr, rq->idle and nr_running: manifest, drgn-summary.json. */
export function expectRunqueues(f: Fixture, table: TaskTable): void {
  expect(table.runqueues.map((r) => r.cpu)).toEqual(Array.from({ length: f.manifest.guest_cpus }, (_, i) => i));
  const panicRq = table.runqueues[f.manifest.panic_cpu]!;
  expect(table.tasks.find((t) => t.address === panicRq.curr)).toMatchObject({
    pid: f.manifest.panic_pid, comm: f.manifest.panic_task_comm, active: true,
  });
  expect(panicRq.current).toBe(panicRq.curr);
  for (const r of table.runqueues) {
    expect(table.tasks.find((t) => t.address === r.idle)).toMatchObject({ pid: 0, comm: `swapper/${r.cpu}`, idle: true });
  }
  const drgn = oracleJson<{ cpus: { cpu: number; curr_task: string; nr_running: number }[] }>(f, 'drgn-summary.json');
  if (!drgn) return;
  expect(table.runqueues.map((r) => ({ cpu: r.cpu, curr_task: hex(r.curr), nr_running: r.nrRunning }))).toEqual(
    drgn.cpus.map((c) => ({ cpu: c.cpu, curr_task: c.curr_task, nr_running: c.nr_running })),
  );
}

interface DrgnResource {
  depth: number;
  start: string;
  end: string;
  name: string;
  flags: string;
}

/** The live /proc/iomem and /proc/ioports (truth/), and drgn's walks with flags. */
export function expectResources(f: Fixture, iomem: ResourceTree, ioport: ResourceTree): void {
  const truth = (name: string) => readFileSync(join(f.truthDir, name), 'utf8');
  expect(formatResources(iomem.root, iomem.resources)).toBe(truth('iomem.txt'));
  expect(truth('iomem.txt')).toMatch(/^ {2}[0-9a-f]+-[0-9a-f]+ : Crash kernel$/m);
  expect(formatResources(ioport.root, ioport.resources)).toBe(truth('ioports.txt'));
  for (const [file, tree] of [['drgn-iomem.json', iomem], ['drgn-ioport.json', ioport]] as const) {
    const drgn = oracleJson<DrgnResource[]>(f, file);
    if (!drgn) continue;
    const mine = tree.resources.map((r) => ({ depth: r.depth, start: hex(r.start), end: hex(r.end), name: r.name, flags: hex(r.flags) }));
    expect(mine).toEqual(drgn.map((d) => ({ depth: d.depth, start: d.start, end: d.end, name: d.name, flags: d.flags })));
  }
}

/** crash's ctime_tz() in UTC: "Sun Nov 22 04:47:07 UTC 2026". */
function crashDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const [wd, , mon, , time] = d.toUTCString().split(' ');
  return `${wd!.slice(0, 3)} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} UTC ${d.getUTCFullYear()}`;
}

function crashSys(f: Fixture): Map<string, string> {
  return new Map(
    (crashBlock(f, 'sys') ?? []).map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as const;
    }),
  );
}

/** crash 8.0.6 `sys`: CPUS (with OFFLINE), DATE, UPTIME, LOAD AVERAGE, TASKS, names, MEMORY. */
export function expectSummaryLikeCrashSys(f: Fixture, state: KernelState): void {
  const sys = crashSys(f);
  const s = state.summary;
  const present = s.presentCpus!.length;
  const offline = present - s.onlineCpus!.length;
  expect(`${present}${offline ? ` [OFFLINE: ${offline}]` : ''}`).toBe(sys.get('CPUS'));
  expect(crashDate(s.xtimeSeconds!)).toBe(sys.get('DATE'));
  expect(formatUptime(s.uptimeSeconds!)).toBe(sys.get('UPTIME'));
  expect(formatLoadAverage(s.loadAverage!)).toBe(sys.get('LOAD AVERAGE'));
  expect(String(state.tasks!.tasks.length)).toBe(sys.get('TASKS'));
  expect(s.uts!.nodename).toBe(sys.get('NODENAME'));
  expect(s.uts!.release).toBe(sys.get('RELEASE'));
  expect(s.uts!.version).toBe(sys.get('VERSION'));
  expect(sys.get('MACHINE')!.startsWith(`${s.uts!.machine} `)).toBe(true);
  expect(formatMemorySize(s.memoryBytes!)).toBe(sys.get('MEMORY'));
}

/** crash's PANIC line, and the panic CPU, pid, comm and task of the manifest. */
export function expectPanicLikeCrashSys(f: Fixture, state: KernelState): void {
  expect(`"${state.panic.line}"`).toBe(crashSys(f).get('PANIC'));
  expect(state.panic).toMatchObject({
    message: f.manifest.panic_message,
    cpu: f.manifest.panic_cpu,
    pid: f.manifest.panic_pid,
    comm: f.manifest.panic_task_comm,
  });
  expect(hex(state.panic.task!)).toBe(f.manifest.panic_task_address);
}

/** makedumpfile --dump-dmesg (or crash's log), line for line. */
export function expectLogLikeMakedumpfile(f: Fixture, state: KernelState): void {
  expect(state.log!.format).toBe('lockless');
  expect(formatDmesg(state.log!.records).split('\n').slice(0, -1)).toEqual(dmesgOracle(f).lines);
}
