// Backtraces in crash's `bt` layout (crash x86_64.c x86_64_print_stack_entry and
// x86_64_exception_frame), so that a kernel engineer reads them without thinking:
//   PID: 305      TASK: ffff8c3842360000  CPU: 1    COMMAND: "crashme"
//    #0 [ffffd0db403ebb00] __crash_kexec at ffffffffac16475a
//   #10 [ffffd0db403ebf50] entry_SYSCALL_64_after_hwframe at ffffffffacc00126
//       RIP: 000000000047b7a0  RSP: 00007ffc35b77998  RFLAGS: 00000202
//       ...
// crash's [address] is where the frame's return address sits (sp - 8). Registers saved by
// an entry frame follow it, with "[exception RIP: func+off]" (decimal offset, gdb's
// default radix) when they interrupted kernel code; leaving an IRQ or exception stack
// prints "--- <IRQ stack> ---" / "--- <NMI exception stack> ---". Shared by the CLI and
// the web console.
import type { RegisterSet } from '../../../unwind/pt-regs';
import type { Backtrace } from './backtrace';
import type { BacktraceFrame } from './frames';

export interface FormatBtOptions {
  /** Source lines under each frame, and inlined calls as extra lines (crash's bt -l). */
  lines?: boolean;
  /** Name a pc for "[exception RIP: …]" (symbol+offset). */
  symbolize?: (pc: bigint) => string | null;
}

const hex = (v: bigint, w = 0) => v.toString(16).padStart(w, '0');

export function formatBtHeader(bt: Backtrace): string {
  const cpu = bt.cpu === null ? '-' : String(bt.cpu);
  return `PID: ${String(bt.pid).padEnd(7)}  TASK: ${hex(bt.task)}  CPU: ${cpu.padEnd(3)}  COMMAND: "${bt.comm}"`;
}

export function formatBt(bt: Backtrace, opts: FormatBtOptions = {}): string[] {
  const out = [formatBtHeader(bt)];
  let level = 0;
  const frames = bt.frames;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.inline) {
      if (opts.lines) out.push(`    (inlined) ${f.symbol ?? '??'}${where(f)}`);
      continue;
    }
    const n = `#${level++}`.padStart(3);
    const name = f.symbol ?? `0x${hex(f.pc)}`;
    const guess = f.method === 'frame-pointer' ? '  (frame-pointer guess)' : '';
    out.push(`${n} [${hex(f.sp - 8n)}] ${name} at ${hex(f.pc)}${guess}`);
    if (opts.lines && f.file) out.push(`    ${f.file}: ${f.line ?? '?'}`);
    if (f.registers) out.push(...formatRegisters(f.registers, !!f.partialRegisters, opts));
    const next = frames.slice(i + 1).find((x) => !x.inline);
    if (next && f.stack && f.stack !== 'task' && next.stack !== f.stack) out.push(`--- <${stackName(f.stack)}> ---`);
  }
  for (const w of bt.warnings) out.push(`bt: ${w.message}`);
  return out;
}

function where(f: BacktraceFrame): string {
  return f.file ? ` at ${f.file}:${f.line ?? '?'}` : '';
}

function stackName(label: string): string {
  if (label === 'IRQ') return 'IRQ stack';
  if (label === 'ENTRY') return 'entry stack';
  return `${label} exception stack`;
}

const r16 = (r: RegisterSet, n: string) => hex(r[n] ?? 0n, 16);

/** The pt_regs block crash prints under an exception frame. */
export function formatRegisters(r: RegisterSet, partial: boolean, opts: FormatBtOptions = {}): string[] {
  const out: string[] = [];
  const user = ((r.cs ?? 0n) & 3n) === 3n;
  if (!user) out.push(`    [exception RIP: ${opts.symbolize?.(r.rip ?? 0n) ?? `unknown or invalid address`}]`);
  out.push(`    RIP: ${r16(r, 'rip')}  RSP: ${r16(r, 'rsp')}  RFLAGS: ${hex(r.eflags ?? 0n, 8)}`);
  if (!partial) {
    out.push(
      `    RAX: ${r16(r, 'rax')}  RBX: ${r16(r, 'rbx')}  RCX: ${r16(r, 'rcx')}`,
      `    RDX: ${r16(r, 'rdx')}  RSI: ${r16(r, 'rsi')}  RDI: ${r16(r, 'rdi')}`,
      `    RBP: ${r16(r, 'rbp')}   R8: ${r16(r, 'r8')}   R9: ${r16(r, 'r9')}`,
      `    R10: ${r16(r, 'r10')}  R11: ${r16(r, 'r11')}  R12: ${r16(r, 'r12')}`,
      `    R13: ${r16(r, 'r13')}  R14: ${r16(r, 'r14')}  R15: ${r16(r, 'r15')}`,
      `    ORIG_RAX: ${r16(r, 'orig_rax')}  CS: ${hex(r.cs ?? 0n, 4)}  SS: ${hex(r.ss ?? 0n, 4)}`,
    );
  } else {
    out.push(`    CS: ${hex(r.cs ?? 0n, 4)}  SS: ${hex(r.ss ?? 0n, 4)}  (IRET frame only)`);
  }
  return out;
}

/** Several backtraces (crash's `bt -a` / `foreach bt`): blank lines between them. */
export function formatBts(bts: readonly Backtrace[], opts: FormatBtOptions = {}): string {
  return bts.map((b) => formatBt(b, opts).join('\n')).join('\n\n') + '\n';
}

/** symbol+offset as crash's "[exception RIP: …]" writes it (decimal offset). */
export function crashSymbolOffset(sym: { name: string; offset: bigint } | undefined): string | null {
  if (!sym) return null;
  return sym.offset ? `${sym.name}+${sym.offset}` : sym.name;
}
