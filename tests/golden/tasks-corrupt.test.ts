// A corrupt task list in a real dump, made by patching bytes of the dump file through an
// overlay (no copy): a cycle, a pointer into nowhere and an unreadable signal_struct give
// partial task tables with warnings, never a throw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StructLayouts } from '../../src/analysis/helpers/linux/struct-layout';
import { getTaskTable, type TaskTable } from '../../src/analysis/helpers/linux/sched/task-table';
import type { Program } from '../../src/analysis/program/program';
import { openFileSource } from '../../src/node/file-source';
import { allFixtures } from '../support/fixtures';
import { elfFileOffsetsOfPhys, OverlaySource } from '../support/overlay-source';
import { openFixtureProgram } from './kernel-state-support';

const f = allFixtures().find((x) => x.id === 'kdump-elf-full' || x.id === 'kdump-elf-d31');

describe.runIf(f)('a corrupt task list in a real dump', () => {
  let clean: TaskTable;
  let program: Program;
  let close: () => Promise<void>;
  let tasksOff: bigint;
  let signalOff: bigint;
  beforeAll(async () => {
    const p = await openFixtureProgram(f!, 'dump');
    program = p.program;
    close = p.close;
    clean = await getTaskTable(program);
    const l = new StructLayouts(program.vmcoreinfo, program.types);
    tasksOff = BigInt(l.offset('task_struct', 'tasks'));
    signalOff = BigInt(l.offset('task_struct', 'signal'));
  });
  afterAll(() => close?.());

  /** Opens the fixture with the u64 at kernel virtual address `va` replaced by `value`. */
  async function tableWith(va: bigint, value: bigint): Promise<TaskTable> {
    const paddr = await program.memory.virtual.translate(va);
    const file = await openFileSource(f!.path);
    const offsets = await elfFileOffsetsOfPhys(file, paddr);
    await file.close();
    const p = await openFixtureProgram(f!, 'dump', (src) => {
      const o = new OverlaySource(src);
      for (const off of offsets) o.patchU64(off, value);
      return o;
    });
    try {
      return await getTaskTable(p.program);
    } finally {
      await p.close();
    }
  }

  const processes = () => clean.tasks.filter((t) => !t.idle && t.pid === t.tgid);
  const pids = (t: TaskTable) => t.tasks.map((x) => x.pid);
  /** The tasks running on a CPU are added after a cut walk, in CPU order. */
  const withActive = (listed: number[]) => [
    ...listed,
    ...clean.runqueues.map((r) => clean.tasks.find((t) => t.address === r.curr)!.pid).filter((p) => !listed.includes(p)),
  ];

  it('stops at a cycle that does not pass through init_task, keeping the tasks before it', async () => {
    const [, a, , , , , , , , b] = processes();
    const table = await tableWith(b!.address + tasksOff, a!.address + tasksOff);
    expect(table.warnings.map((w) => w.code)).toEqual(['LIST_CYCLE']);
    expect(table.warnings[0]!.message).toContain(`0x${(a!.address + tasksOff).toString(16)}`);
    expect(pids(table)).toEqual(withActive(pids(clean).slice(0, pids(clean).indexOf(b!.pid) + 1)));
  });

  it('stops at a next pointer into unmapped memory, keeping the tasks before it', async () => {
    const victim = processes()[20]!;
    const table = await tableWith(victim.address + tasksOff, 0xffffc90000000000n);
    expect(table.warnings.map((w) => w.code)).toEqual(['LIST_FAULT']);
    expect(pids(table)).toEqual(withActive(pids(clean).slice(0, pids(clean).indexOf(victim.pid) + 1)));
  });

  it('lists a process whose signal_struct is unreadable without its threads, with a warning', async () => {
    const victim = processes()[5]!;
    const table = await tableWith(victim.address + signalOff, 0xffffc90000000000n);
    expect(table.warnings.map((w) => w.code)).toEqual(['LIST_FAULT']);
    expect(table.warnings[0]!.message).toContain('0xffffc90000000');
    expect(pids(table)).toEqual(pids(clean));
  });
});
