import { describe, expect, it } from 'vitest';
import type { Report, ReportBacktrace, ReportFrame } from '../../../report/report-types';
import { activeBacktraces, backtraceText, formatBacktrace } from './format-bt';
import { kernelSourcePath } from './frames';

const frame = (pc: string, sp: string, symbol: string, extra: Partial<ReportFrame> = {}): ReportFrame => ({
  pc: pc as `0x${string}`,
  sp: sp as `0x${string}`,
  symbol,
  offset: 0,
  module: null,
  file: null,
  line: null,
  inline: false,
  kind: 'normal',
  stack: 'task',
  ...extra,
});

const kernelRegs = { rip: '0xffffffff81000106', rsp: '0xffffc90000003e80', eflags: '0x246', cs: '0x10', ss: '0x18', rax: '0x0', rbx: '0x1', rcx: '0x2', rdx: '0x3', rsi: '0x4', rdi: '0x5', rbp: '0x6', r8: '0x7', r9: '0x8', r10: '0x9', r11: '0xa', r12: '0xb', r13: '0xc', r14: '0xd', r15: '0xe', orig_rax: '0xffffffffffffffff' } as const;

describe("crash's bt layout", () => {
  const bt: ReportBacktrace = {
    pid: 0,
    cpu: 1,
    end: 'end-of-stack',
    frames: [
      frame('0xffffffff81000200', '0xfffffe0000009f10', 'crash_nmi_callback', { stack: 'NMI', method: 'stack-scan' }),
      frame('0xffffffff81000300', '0xfffffe0000009f58', 'asm_exc_nmi', { stack: 'NMI', kind: 'exception', registers: kernelRegs }),
      frame('0xffffffff81000106', '0xffffc90000003e80', 'native_safe_halt', { offset: 6 }),
      frame('0xffffffff81000400', '0xffffc90000003e88', 'do_idle', { inline: true, file: 'kernel/sched/idle.c', line: 12 }),
      frame('0xffffffff81000400', '0xffffc90000003e88', 'cpu_startup_entry', { file: 'kernel/sched/idle.c', line: 400 }),
      frame('0xffffffffc0001000', '0xffffc90000003ea0', 'virtnet_poll', { module: 'virtio_net', method: 'frame-pointer' }),
    ],
  };
  const head = { pid: 0, task: '0xffff888003a58000', cpu: 1, comm: 'swapper/1' };

  it('numbers the real frames, prints [sp - 8], registers, stack changes and guesses', () => {
    expect(formatBacktrace(bt, head, { notes: ['stopped: no unwind information'] })).toEqual([
      'PID: 0        TASK: ffff888003a58000  CPU: 1    COMMAND: "swapper/1"',
      ' #0 [fffffe0000009f08] crash_nmi_callback at ffffffff81000200',
      ' #1 [fffffe0000009f50] asm_exc_nmi at ffffffff81000300',
      '    [exception RIP: native_safe_halt+6]',
      '    RIP: ffffffff81000106  RSP: ffffc90000003e80  RFLAGS: 00000246',
      '    RAX: 0000000000000000  RBX: 0000000000000001  RCX: 0000000000000002',
      '    RDX: 0000000000000003  RSI: 0000000000000004  RDI: 0000000000000005',
      '    RBP: 0000000000000006   R8: 0000000000000007   R9: 0000000000000008',
      '    R10: 0000000000000009  R11: 000000000000000a  R12: 000000000000000b',
      '    R13: 000000000000000c  R14: 000000000000000d  R15: 000000000000000e',
      '    ORIG_RAX: ffffffffffffffff  CS: 0010  SS: 0018',
      '--- <NMI exception stack> ---',
      ' #2 [ffffc90000003e78] native_safe_halt at ffffffff81000106',
      ' #3 [ffffc90000003e80] cpu_startup_entry at ffffffff81000400',
      ' #4 [ffffc90000003e98] virtnet_poll at ffffffffc0001000 [virtio_net]  (frame-pointer guess)',
      'bt: stopped: no unwind information',
    ]);
  });

  it('adds source lines and inlined calls with -l', () => {
    const lines = formatBacktrace(bt, head, { lines: true });
    expect(lines.slice(12, 16)).toEqual([
      ' #2 [ffffc90000003e78] native_safe_halt at ffffffff81000106',
      '    (inlined) do_idle at kernel/sched/idle.c:12',
      ' #3 [ffffc90000003e80] cpu_startup_entry at ffffffff81000400',
      '    kernel/sched/idle.c: 400',
    ]);
  });

  it('prints an IRQ stack change and an IRET-only frame', () => {
    const irq: ReportBacktrace = {
      pid: 7,
      cpu: 0,
      frames: [
        frame('0xffffffff81000500', '0xffffc90000100f00', '__common_interrupt', { stack: 'IRQ' }),
        frame('0xffffffff81000600', '0xffffc90000010f00', 'asm_common_interrupt', { kind: 'irq', registers: { rip: '0x401000', cs: '0x33', eflags: '0x202', rsp: '0x7ffd0000', ss: '0x2b' } }),
      ],
    };
    expect(formatBacktrace(irq, { ...head, pid: 7, comm: 'x' }).slice(1)).toEqual([
      ' #0 [ffffc90000100ef8] __common_interrupt at ffffffff81000500',
      '--- <IRQ stack> ---',
      ' #1 [ffffc90000010ef8] asm_common_interrupt at ffffffff81000600',
      '    RIP: 0000000000401000  RSP: 000000007ffd0000  RFLAGS: 00000202',
      '    CS: 0033  SS: 002b  (IRET frame only)',
    ]);
  });

  it('prints a redacted report as it is (symbol+0xoff addresses, dropped ones as dashes)', () => {
    const red: ReportBacktrace = { pid: 5, cpu: 0, frames: [{ ...frame('0x0', '0x0', 'panic'), pc: 'panic+0x13d', sp: null }] };
    expect(formatBacktrace(red, { pid: 5, task: null, cpu: 0, comm: '[comm-1]' })).toEqual([
      'PID: 5        TASK: ?  CPU: 0    COMMAND: "[comm-1]"',
      ' #0 [----------------] panic at panic+0x13d',
    ]);
  });

  it("finds the task, its warnings and the CPUs' tasks in a report", () => {
    const report = {
      tasks: [
        { pid: 0, tgid: 0, ppid: 0, comm: 'swapper/0', state: 'R', cpu: 0, task: '0xffffffff82000000', onCpu: false },
        { pid: 0, tgid: 0, ppid: 0, comm: 'swapper/1', state: 'R', cpu: 1, task: '0xffff888003a58000', onCpu: true },
        { pid: 42, tgid: 42, ppid: 1, comm: 'loop', state: 'R', cpu: 0, task: '0xffff888003a50000', onCpu: true },
      ],
      cpus: [
        { cpu: 1, pid: 0, registers: {}, currentTask: '0xffff888003a58000' },
        { cpu: 0, pid: 42, registers: {}, currentTask: '0xffff888003a50000' },
      ],
      backtraces: [bt, { pid: 0, cpu: 0, frames: [] }, { pid: 42, cpu: 0, frames: [] }],
      warnings: [{ code: 'UNWIND_STOPPED', message: 'pid 0 (swapper/1): sp 0x1 is not on a known stack' }],
    } as unknown as Report;
    expect(backtraceText(report, bt).at(-1)).toBe('bt: sp 0x1 is not on a known stack');
    expect(backtraceText(report, bt)[0]).toContain('COMMAND: "swapper/1"');
    expect(activeBacktraces(report).map((b) => [b.pid, b.cpu])).toEqual([
      [42, 0],
      [0, 1],
    ]);
  });
});

describe('source paths', () => {
  it('start at the top of the kernel tree', () => {
    expect(kernelSourcePath('debian/build/build_amd64_none_cloud-amd64/kernel/sched/core.c')).toBe('kernel/sched/core.c');
    expect(kernelSourcePath('/build/reproducible-path/linux-6.1.192/arch/x86/entry/entry_64.S')).toBe('arch/x86/entry/entry_64.S');
    expect(kernelSourcePath('drivers/tty/sysrq.c')).toBe('drivers/tty/sysrq.c');
    expect(kernelSourcePath('/usr/src/other/foo.c')).toBe('/usr/src/other/foo.c');
  });
});
