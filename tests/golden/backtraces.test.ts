// Backtraces of every task of every real dump against crash 8.0.6's `foreach bt` and
// drgn 0.0.22's stacks: from the dump alone (kallsyms, BTF, in-memory ORC), with the
// vmlinux (.symtab, .BTF, the file's ORC sections) and, for two dumps, with its DWARF
// (source lines and inline frames).
//
// Where the oracles disagree (../shared/fixtures README "Where the oracles disagree"):
//
// | task                          | crash 8.0.6                          | drgn                                  | we match | why |
// |-------------------------------|--------------------------------------|---------------------------------------|----------|-----|
// | kdump panic task (crashme)    | starts at machine_kexec, found by    | starts at __crash_kexec from the note | drgn     | the note holds the registers crash_setup_regs saved (inlined |
// |                               | scanning the stack, then             | (crash_setup_regs inlined)            |          | in __crash_kexec); machine_kexec ran after them and left only |
// |                               | __crash_kexec at that call's return  |                                       |          | a stale return address. From panic on, all three agree.       |
// | kdump other CPU (busyloop)    | crash_nmi_callback ← default_do_nmi  | the user-mode pc only                 | crash    | the NMI stop frame is found on the stack and accepted only if |
// |                               | ← exc_nmi ← asm_exc_nmi, user regs   |                                       |          | ORC leads from it to a pt_regs equal to the note's registers. |
// | QEMU panic task               | starts at panic (stack scan)         | pvpanic_panic_notify (module) ←       | drgn     | QEMU's registers are the live vCPU state, inside the notifier |
// |                               |                                      | atomic_notifier_call_chain ← panic    |          | call; crash skips to the frame it searches for.               |
// | QEMU CPU 0 (busyloop)         | fails: "read of stack at             | stop_this_cpu ← __sysvec_reboot ←     | drgn     | live registers, unwound through the reboot IPI to user mode.  |
// |                               | fffffe0000014000 failed"             | sysvec_reboot ← asm_sysvec_reboot     |          |                                                               |
// | function names                | System.map: __handle_sysrq.cold,     | DWARF: __handle_sysrq; entry code by  | crash    | report symbols are System.map names (CONTRACT.md).           |
// |                               | entry_SYSCALL_64_after_hwframe       | sized symbol: entry_SYSCALL_64+0xa6   |          |                                                               |
// | inline frames                 | not shown                            | listed (context_switch, pde_write…)  | drgn     | extra frames marked inline, with the vmlinux DWARF only.     |
// | user mode                     | the entry frame's pt_regs            | extra frames for user pcs             | crash    | no user frames: the registers ride on the entry frame.       |
//
// drgn's stacks of the tasks running in QEMU dumps are not used (QEMU's pr_pid is the vCPU
// index + 1, README point 7): its per-note stacks (drgn-prstatus-stacks.json) are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTaskTable, type TaskTable } from '../../src/analysis/helpers/linux/sched/task-table';
import type { Backtrace } from '../../src/analysis/helpers/linux/stack/backtrace';
import { getBacktraces, type Backtraces } from '../../src/analysis/helpers/linux/stack/backtraces';
import { formatBacktrace } from '../../src/analysis/helpers/linux/stack/format-bt';
import { reportBacktrace } from '../../src/analysis/helpers/linux/stack/report-backtraces';
import type { BacktraceFrame } from '../../src/analysis/helpers/linux/stack/frames';
import type { Program } from '../../src/analysis/program/program';
import { allFixtures, vmlinuxPath, type Fixture } from '../support/fixtures';
import {
  crashForeachBt,
  drgnKernelPcs,
  drgnPrstatusStacks,
  drgnStacks,
  openBtProgram,
  type BtMode,
  type CrashTaskBt,
  type DrgnFrame,
} from './backtrace-support';

const DWARF_FIXTURES = new Set(['kdump-elf-full', 'qemu-elf']);
const cases = allFixtures().flatMap((f) => {
  const modes: BtMode[] = ['dump'];
  if (vmlinuxPath()) modes.push(DWARF_FIXTURES.has(f.id) ? 'dwarf' : 'vmlinux');
  return modes.map((m) => [`${f.id} (${m})`, f, m] as const);
});

const hex = (v: bigint) => `0x${v.toString(16)}`;
const MODULES_VADDR = 0xffffffffc0000000n;
const real = (bt: Backtrace) => bt.frames.filter((x) => !x.inline);
const isQemu = (f: Fixture) => f.manifest.run === 'run-qemudump';

describe.each(cases)('backtraces of %s', (_name, f: Fixture, mode: BtMode) => {
  let prog: Program;
  let close: () => Promise<void>;
  let table: TaskTable;
  let r: Backtraces;
  let crash: Map<string, CrashTaskBt>;
  let panicTask: bigint;
  let running: Map<bigint, number>;

  beforeAll(async () => {
    const opened = await openBtProgram(f, mode);
    prog = opened.prog;
    close = () => opened.close();
    table = await getTaskTable(prog);
    const t = performance.now();
    r = await getBacktraces(prog, table);
    console.log(
      `backtraces ${f.id} (${mode}): ${table.tasks.length} tasks in ${(performance.now() - t).toFixed(0)} ms`,
    );
    crash = new Map(crashForeachBt(f).map((c) => [c.task, c]));
    running = new Map(table.runqueues.map((q) => [q.curr, q.cpu]));
    panicTask = table.runqueues.find((q) => q.cpu === r.env.panicCpu)!.curr;
  });
  afterAll(() => close?.());

  it('unwinds every task to the end of its stack or to user mode, without warnings', () => {
    expect(r.warnings).toEqual([]);
    expect(r.backtraces.length).toBe(table.tasks.length);
    for (const bt of r.backtraces) {
      expect(real(bt).length, `pid ${bt.pid}`).toBeGreaterThan(0);
      expect(['end-of-stack', 'user-mode'], `pid ${bt.pid}`).toContain(bt.end);
    }
  });

  it("prints crash's foreach bt, line for line, for every task crash unwinds alike", () => {
    let compared = 0;
    for (const bt of r.backtraces) {
      const c = crash.get(hex(bt.task));
      if (!c || c.errors.length || bt.task === panicTask) continue;
      expect(formatBt(bt), `pid ${bt.pid}`).toEqual(c.lines);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('gives the crashing task sysrq_handle_crash, the write path above it and __crash_kexec below it', () => {
    const bt = r.backtraces.find((b) => b.task === panicTask)!;
    const names = real(bt).map((x) => x.symbol);
    expect(bt.comm).toBe(f.manifest.panic_task_comm);
    const from = names.indexOf('sysrq_handle_crash');
    expect(names.slice(from - 1, from)).toEqual(['panic']);
    expect(names.slice(from + 1)).toEqual([
      '__handle_sysrq.cold',
      'write_sysrq_trigger',
      'proc_reg_write',
      'vfs_write',
      'ksys_write',
      'do_syscall_64',
      'entry_SYSCALL_64_after_hwframe',
    ]);
    if (isQemu(f))
      expect(names.slice(0, from - 1)).toEqual([
        'pvpanic_panic_notify',
        'atomic_notifier_call_chain',
      ]);
    else expect(names.slice(0, from - 1)).toEqual(['__crash_kexec']);
    const last = real(bt).at(-1)!;
    expect(last.kind).toBe('exception');
    expect(((last.registers?.cs ?? 0n) & 3n) === 3n).toBe(true);
    if (isQemu(f)) expect(real(bt)[0]!.module).toBe('pvpanic');
  });

  it("matches crash's frames of the crashing task from panic on (crash starts at a stack-scanned frame)", () => {
    const c = crash.get(hex(panicTask))!;
    const bt = r.backtraces.find((b) => b.task === panicTask)!;
    const mine = real(bt).map((x) => [x.symbol, hex(x.pc), hex(x.sp - 8n)]);
    const theirs = c.frames.map((x) => [x.name, x.pc, x.slot]);
    const at = (l: (string | null)[][]) => l.findIndex((x) => x[0] === 'panic');
    expect(mine.slice(at(mine))).toEqual(theirs.slice(at(theirs)));
    if (!isQemu(f)) {
      // crash: machine_kexec, then __crash_kexec at the return address of that call.
      expect(theirs.slice(0, 2).map((x) => x[0])).toEqual(['machine_kexec', '__crash_kexec']);
      expect(mine[0]![0]).toBe('__crash_kexec');
    }
    // The user registers of the syscall entry frame, as crash prints them.
    const regs = c.lines.filter((l) => /^ {4}[A-Z]/.test(l));
    expect(formatBt(bt).filter((l) => /^ {4}[A-Z]/.test(l))).toEqual(regs);
  });

  it('shows what the other CPU was doing: the NMI stop frame (kdump) or the reboot IPI (QEMU), then user mode', () => {
    const [task, cpu] = [...running].find(([, c]) => c !== r.env.panicCpu)!;
    const bt = r.backtraces.find((b) => b.task === task)!;
    const names = real(bt).map((x) => x.symbol);
    if (isQemu(f)) {
      expect(names).toEqual([
        'stop_this_cpu',
        '__sysvec_reboot',
        'sysvec_reboot',
        'asm_sysvec_reboot',
      ]);
      expect(real(bt).at(-1)!.kind).toBe('irq');
    } else {
      expect(bt.start).toBe('nmi-stop');
      expect(names).toEqual(['crash_nmi_callback', 'default_do_nmi', 'exc_nmi', 'asm_exc_nmi']);
      expect(real(bt)[0]!.method).toBe('stack-scan');
    }
    const regs = real(bt).at(-1)!.registers!;
    const note = r.env.cpus.get(cpu)!.registers;
    expect((regs.cs! & 3n) === 3n).toBe(true);
    // kdump's note holds what the NMI interrupted; QEMU's the vCPU's live state.
    if (isQemu(f)) expect(real(bt)[0]!.pc).toBe(note.rip);
    else expect([regs.rip, regs.rsp, regs.cs]).toEqual([note.rip, note.rsp, note.cs]);
  });

  it("has drgn's kernel frames (pc and sp) for every task drgn unwinds reliably", () => {
    const stacks = drgnStacks(f);
    const notes = drgnPrstatusStacks(f);
    if (!stacks || !notes) return;
    let compared = 0;
    for (const bt of r.backtraces) {
      const cpu = running.get(bt.task);
      let theirs: DrgnFrame[] | undefined;
      // QEMU's pr_pid (vCPU + 1) makes drgn unwind pids 1 and 2 from a CPU's registers.
      if (isQemu(f) && [...r.env.cpus.keys()].some((c) => c + 1 === bt.pid)) continue;
      if (cpu === undefined) theirs = stacks.get(hex(bt.task));
      else theirs = notes.get(cpu);
      if (!theirs) continue;
      let mine = real(bt);
      // The kdump NMI stop frames are ours and crash's (table above); drgn starts after them.
      if (bt.start === 'nmi-stop')
        mine = mine.filter(
          (x) => x.method !== 'stack-scan' && x.stack !== 'NMI' && !/nmi/.test(x.symbol ?? ''),
        );
      const drgn = theirs.filter((x) => !x.inline && BigInt(x.pc) >= 0xffff800000000000n);
      expect(
        mine.map((x) => [hex(x.pc), hex(x.sp)]),
        `pid ${bt.pid}`,
      ).toEqual(drgn.map((x) => [x.pc, x.sp]));
      expect(mine.map((x) => hex(x.pc))).toEqual(drgnKernelPcs(theirs));
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  // Inline frames and lines need the vmlinux DWARF, indexed for one dump per boot.
  if (mode === 'dwarf') {
    it("expands drgn's inline frames and gives source lines", () => {
      const stacks = drgnStacks(f)!;
      const notes = drgnPrstatusStacks(f)!;
      let inlines = 0;
      for (const bt of r.backtraces) {
        const cpu = running.get(bt.task);
        if (isQemu(f) && [...r.env.cpus.keys()].some((c) => c + 1 === bt.pid)) continue;
        const theirs = cpu === undefined ? stacks.get(hex(bt.task)) : notes.get(cpu);
        if (!theirs || bt.start === 'nmi-stop') continue;
        // Module frames: drgn read the modules' own DWARF, we have the vmlinux's only.
        const drgn = theirs.filter(
          (x) =>
            BigInt(x.pc) >= 0xffff800000000000n && !(x.inline && BigInt(x.pc) >= MODULES_VADDR),
        );
        expect(bt.frames.map(shape), `pid ${bt.pid}`).toEqual(
          drgn.map((x) => [x.pc, x.inline, x.inline ? x.name : null]),
        );
        inlines += bt.frames.filter((x) => x.inline).length;
        for (const x of bt.frames)
          if (x.module === null) expect(x.line, `${x.symbol}`).toBeGreaterThan(0);
      }
      expect(inlines).toBeGreaterThan(50);
      const panic = r.backtraces.find((b) => b.task === panicTask)!;
      const sysrq = panic.frames.find((x) => x.symbol === 'sysrq_handle_crash')!;
      expect(sysrq.file).toMatch(/drivers\/tty\/sysrq\.c$/);
    });
  }
});

/** crash's `bt` text of a task, through the report's form of its backtrace. */
function formatBt(bt: Backtrace): string[] {
  return formatBacktrace(
    reportBacktrace(bt),
    { pid: bt.pid, task: hex(bt.task), cpu: bt.cpu, comm: bt.comm },
    { notes: bt.warnings.map((w) => w.message) },
  );
}

function shape(x: BacktraceFrame): [string, boolean, string | null] {
  return [hex(x.pc), x.inline, x.inline ? x.symbol : null];
}
