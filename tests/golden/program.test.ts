// Golden tests of the Program on the real dumps, with the dump's own debug info
// (kallsyms + BTF from memory) and with the debug vmlinux (.symtab + its debug info):
// symbols against the guest's /proc/kallsyms, `sym`, `p`, `rd`, `struct` and `vtop`
// against crash 8.0.6, the object API against drgn's task list, and the vmlinux match
// check on a vmlinux whose build-id or banner is patched through an overlay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmlinuxMismatchError } from '../../src/analysis/errors';
import { printCommand } from '../../src/analysis/program/commands/print';
import { rdCommand } from '../../src/analysis/program/commands/rd';
import { structCommand } from '../../src/analysis/program/commands/struct';
import { symCommand } from '../../src/analysis/program/commands/sym';
import { vtopCommand } from '../../src/analysis/program/commands/vtop';
import type { Program } from '../../src/analysis/program/program';
import { allFixtures, vmlinuxPath, type Fixture } from '../support/fixtures';
import { truthKallsyms } from './debuginfo-support';
import {
  crashBlock,
  crashBlocks,
  drgnTasks,
  openFixtureProgram,
  patched,
  vmlinuxPatchPoints,
  type DebugMode,
  type OpenedProgram,
} from './program-support';

const fixtures = allFixtures();
const modes: DebugMode[] = vmlinuxPath() ? ['dump', 'vmlinux'] : ['dump'];
/** Indexing the vmlinux DWARF takes seconds: once per boot is enough. */
const DWARF_ON = new Set(['kdump-zlib', 'qemu-elf']);
const cases = fixtures.flatMap((f) =>
  [...modes, ...(vmlinuxPath() && DWARF_ON.has(f.id) ? (['dwarf'] as const) : [])].map((m) => [`${f.id} (${m})`, f, m] as const),
);

/** crash's lines without trailing blanks and without the source-line suffix of `sym`. */
const trimmed = (lines: string[]) => lines.map((l) => l.trimEnd());

describe.each(cases)('Program: %s', (_name, f: Fixture, mode: DebugMode) => {
  let opened: OpenedProgram;
  let prog: Program;

  beforeAll(async () => {
    opened = await openFixtureProgram(f, mode);
    prog = opened.prog;
    console.log(`program ${f.id} (${mode}): ${opened.ms.toFixed(0)} ms ${JSON.stringify(prog.provenance.timings)}`);
  });
  afterAll(() => opened?.close());

  it('binds the dump to its debug info', () => {
    expect(prog.debugInfoSource).toBe(mode === 'dump' ? 'dump' : 'vmlinux');
    expect(prog.provenance.symbols).toBe(mode === 'dump' ? 'kallsyms' : 'symtab');
    expect(prog.provenance.types).toBe(mode === 'dwarf' ? 'dwarf' : 'btf');
    expect(prog.vmlinuxBuildIdMatch).toBe(mode === 'dump' ? null : true);
    expect(prog.kaslrOffset).toBe(BigInt(f.manifest.kaslr_offset));
    expect(prog.warnings).toEqual([]);
  });

  it("gives the guest's /proc/kallsyms addresses", () => {
    for (const t of truthKallsyms(f)) expect(`${t.name} ${prog.symbolAddress(t.name).toString(16)}`).toBe(`${t.name} ${t.address.toString(16)}`);
  });

  it('sym prints the address, type letter and name crash prints', () => {
    const blocks = crashBlocks(f).filter((b) => b.cmd.startsWith('sym '));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      // crash adds "file: line" from DWARF; so do we when DWARF is loaded.
      const want = mode === 'dwarf' ? b.lines[0]!.trimEnd() : b.lines[0]!.split(' ').slice(0, 3).join(' ');
      expect(symCommand(prog, b.cmd.slice(4)), b.cmd).toEqual([want]);
    }
    const panic = prog.symbolAddress('panic');
    const [line] = symCommand(prog, (panic + 16n).toString(16));
    expect(line).toMatch(new RegExp(`^${(panic + 16n).toString(16)} \\(T\\) panic\\+16`));
    // With DWARF the source line follows, named as crash's `dis -l panic` names it.
    const disFile = crashBlock(f, 'dis -l panic')?.[0]?.split(':')[0];
    if (mode === 'dwarf') expect(line).toMatch(/ \S+\/kernel\/panic\.c: \d+$/);
    if (mode === 'dwarf' && disFile) expect(line).toContain(` ${disFile}: `);
    else expect(line).not.toContain(' /');
  });

  it('p init_task.comm and p jiffies_64 read what crash reads', async () => {
    expect(await prog.variable('init_task.comm').string()).toBe('swapper/0');
    const comm = crashBlock(f, 'p init_task.comm')![0]!.replace(/^\$\d+ = /, '');
    expect(await printCommand(prog, 'init_task.comm')).toEqual([`init_task.comm = ${comm}`]);
    const jiffies = /= (\d+)$/.exec(crashBlock(f, 'p jiffies_64')![0]!)![1]!;
    expect(await prog.variable('jiffies_64').value()).toBe(BigInt(jiffies));
    expect(await printCommand(prog, 'jiffies_64')).toEqual([`jiffies_64 = ${jiffies}`]);
    for (const v of ['page_offset_base', 'vmemmap_base', 'vmalloc_base']) {
      const want = crashBlock(f, `p/x ${v}`)![0]!.replace(/^\$\d+ = /, '');
      expect(`0x${(await prog.variable(v).value()).toString(16)}`, v).toBe(want);
    }
  });

  it('rd -a, rd -64 and rd -p -64 print what crash prints', async () => {
    const ascii = crashBlock(f, 'rd -a linux_banner')!;
    const ours = await rdCommand(prog, 'linux_banner', { ascii: true });
    expect(ours).toEqual(ascii.slice(0, ours.length));
    expect(ascii[ours.length] ?? '').toBe('');
    const blocks = crashBlocks(f).filter((b) => /^rd (-p )?-64 /.test(b.cmd));
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) {
      const [, phys, what, count] = /^rd (-p )?-64 (\S+) (\d+)/.exec(b.cmd)!;
      const lines = await rdCommand(prog, what!, { count: Number(count), physical: phys !== undefined });
      expect(lines, b.cmd).toEqual(b.lines.slice(0, lines.length));
    }
  });

  it('struct task_struct.<members> <panic task> prints what crash prints', async () => {
    const b = crashBlocks(f).find((x) => x.cmd.startsWith('struct task_struct.'));
    if (!b) return; // crash has no struct output for QEMU's kdump file
    // The oracle took its task from drgn, which names init on QEMU dumps (fixtures README 7).
    const [, spec, addr] = /^struct (\S+) (\S+)/.exec(b.cmd)!;
    const lines = await structCommand(prog, spec!, addr);
    expect(lines).toEqual(b.lines.slice(0, lines.length));
    expect(lines.length).toBe(spec!.split(',').length);
  });

  it('vtop prints what crash prints, with the struct page line', async () => {
    for (const b of crashBlocks(f).filter((x) => x.cmd.startsWith('vtop '))) {
      const lines = await vtopCommand(prog, b.cmd.slice(5));
      const head = lines.slice(0, lines.indexOf('      PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS'));
      expect(trimmed(head), b.cmd).toEqual(trimmed(b.lines.slice(0, head.length)));
      const page = lines[lines.length - 1]!.split(/\s+/);
      const crashPage = [...b.lines].reverse().find((l) => /^[0-9a-f]{16}\s/.test(l))!.trim().split(/\s+/);
      expect(page, b.cmd).toEqual(crashPage);
    }
  });

  it('walks init_task.tasks to the tasks drgn lists', async () => {
    const tasks: { pid: number; comm: string; task: string }[] = [];
    const walk = prog.listForEachEntry(prog.variable('init_task.tasks'), 'struct task_struct', 'tasks');
    for await (const t of walk) {
      tasks.push({ pid: Number(await t.member('pid').value()), comm: await t.member('comm').string(), task: `0x${t.address.toString(16)}` });
    }
    expect(tasks.length).toBe(f.manifest.tasks_in_dump_drgn);
    const drgn = drgnTasks(f);
    if (drgn) expect(tasks).toEqual(drgn.map((t) => ({ pid: t.pid, comm: t.comm, task: t.task })));
    const panic = tasks.find((t) => t.pid === f.manifest.panic_pid)!;
    expect(panic.comm).toBe(f.manifest.panic_task_comm);
    expect(`0x${BigInt(panic.task).toString(16)}`).toBe(f.manifest.panic_task_address);
    expect(prog.warnings).toEqual([]);
  });

  it('follows pointers and finds containers', async () => {
    const task = prog.object('struct task_struct', BigInt(f.manifest.panic_task_address));
    expect(await (await task.follow('real_parent->comm')).string()).toBe('init');
    const children = task.member('sibling');
    expect(prog.containerOf(children.address, 'struct task_struct', 'sibling').address).toBe(task.address);
    expect(await task.member('on_cpu').value()).toBe(1n);
    const runq = crashBlock(f, 'runq');
    const cpu1 = runq && /^CPU 1 RUNQUEUE: ([0-9a-f]+)/m.exec(runq.join('\n'));
    if (cpu1) expect((await prog.perCpuVariable('runqueues', 1)).address).toBe(BigInt(`0x${cpu1[1]}`));
    expect(() => prog.variable('runqueues')).toThrow(/per-CPU variable/);
  });
});

describe.skipIf(!vmlinuxPath())('vmlinux match check', () => {
  const f = fixtures.find((x) => x.id === 'kdump-zlib') ?? fixtures[0]!;
  let points: Awaited<ReturnType<typeof vmlinuxPatchPoints>>;
  beforeAll(async () => {
    points = await vmlinuxPatchPoints();
  });

  it('refuses a vmlinux whose build-id differs, naming both', async () => {
    const flip = Uint8Array.of(0xff ^ Number.parseInt(f.buildId.slice(0, 2), 16));
    const e = await openFixtureProgram(f, 'vmlinux', { wrapVmlinux: patched(points.buildId, flip) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VmlinuxMismatchError);
    expect(e).toMatchObject({ code: 'VMLINUX_MISMATCH', check: 'build-id', dumpValue: f.buildId });
    expect((e as Error).message).toContain(f.buildId);
    expect((e as Error).message).toContain(`${flip[0]!.toString(16)}${f.buildId.slice(2)}`);
  });

  it('uses it anyway when forced, with a warning', async () => {
    const flip = Uint8Array.of(0xff ^ Number.parseInt(f.buildId.slice(0, 2), 16));
    const o = await openFixtureProgram(f, 'vmlinux', { wrapVmlinux: patched(points.buildId, flip), force: true });
    try {
      expect(o.prog.vmlinuxBuildIdMatch).toBe(false);
      expect(o.prog.warnings.map((w) => w.code)).toEqual(['VMLINUX_MISMATCH']);
      expect(await o.prog.variable('init_task.comm').string()).toBe('swapper/0');
    } finally {
      await o.close();
    }
  });

  it('refuses a rebuild with the same build-id but another banner (release, then date)', async () => {
    const at = (s: string) => points.banner + points.bannerText.indexOf(s);
    const release = await openFixtureProgram(f, 'vmlinux', { wrapVmlinux: patched(at('6.1.0-56'), new TextEncoder().encode('6.1.0-57')) }).catch((x: unknown) => x);
    expect(release).toMatchObject({ check: 'osrelease', dumpValue: '6.1.0-56-cloud-amd64', vmlinuxValue: '6.1.0-57-cloud-amd64' });
    const date = await openFixtureProgram(f, 'vmlinux', { wrapVmlinux: patched(at('(2026-11-16)'), new TextEncoder().encode('(2026-11-17)')) }).catch((x: unknown) => x);
    expect(date).toMatchObject({ check: 'linux_banner' });
    expect((date as Error).message).toContain('2026-11-17');
  });
});
