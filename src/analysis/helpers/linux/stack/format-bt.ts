// Backtraces in crash's `bt` layout (crash x86_64.c x86_64_print_stack_entry and
// x86_64_exception_frame), so that a kernel engineer reads them without thinking:
//   PID: 305      TASK: ffff8c3842360000  CPU: 1    COMMAND: "crashme"
//    #0 [ffffd0db403ebb00] __crash_kexec at ffffffffac16475a
//   #10 [ffffd0db403ebf50] entry_SYSCALL_64_after_hwframe at ffffffffacc00126
//       RIP: 000000000047b7a0  RSP: 00007ffc35b77998  RFLAGS: 00000202
//       ...
// crash's [address] is where the frame's return address sits (sp - 8); a module frame ends
// with " [module]". Registers an entry frame saved follow it, with "[exception RIP:
// func+off]" (decimal offset: gdb's default radix) when they interrupted kernel code;
// leaving an IRQ or exception stack prints "--- <IRQ stack> ---" / "--- <NMI exception
// stack> ---". It formats the report's form of a backtrace, so the CLI, the web console
// and a shared report (whose addresses may be "symbol+0xoff") print the same.
import type { Report, ReportBacktrace, ReportFrame, ReportTask } from '../../../report/report-types';

export interface BtHeader {
  pid: number;
  /** task_struct address as the report writes it. */
  task: string | null;
  cpu: number | null;
  comm: string;
}

export interface FormatBtOptions {
  /** Source lines under each frame and inlined calls as extra lines (crash's bt -l). */
  lines?: boolean;
  /** Lines printed after the frames as "bt: …" (why an unwind stopped). */
  notes?: readonly string[];
}

/** An address field: hex without 0x, zero-padded; a redacted "symbol+0xoff" as is. */
function addr(v: string | null | undefined, width = 16, minus = 0n): string {
  if (v === null || v === undefined) return '-'.repeat(width || 16);
  if (!/^0x[0-9a-f]+$/i.test(v)) return v;
  return (BigInt(v) - minus).toString(16).padStart(width, '0');
}

const bare = (v: string | null) => (v && /^0x[0-9a-f]+$/i.test(v) ? BigInt(v).toString(16) : (v ?? '?'));

export function formatBtHeader(h: BtHeader): string {
  const cpu = h.cpu === null ? '-' : String(h.cpu);
  return `PID: ${String(h.pid).padEnd(7)}  TASK: ${bare(h.task)}  CPU: ${cpu.padEnd(3)}  COMMAND: "${h.comm}"`;
}

export function formatBacktrace(bt: ReportBacktrace, head: BtHeader, opts: FormatBtOptions = {}): string[] {
  const out = [formatBtHeader(head)];
  let level = 0;
  const frames = bt.frames;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.inline) {
      if (opts.lines) out.push(`    (inlined) ${f.symbol ?? '??'}${f.file ? ` at ${f.file}:${f.line ?? '?'}` : ''}`);
      continue;
    }
    const n = `#${level++}`.padStart(3);
    const name = f.symbol ?? bare(f.pc);
    const mod = f.module ? ` [${f.module}]` : '';
    const guess = f.method === 'frame-pointer' ? '  (frame-pointer guess)' : '';
    out.push(`${n} [${addr(f.sp, 0, 8n)}] ${name} at ${bare(f.pc)}${mod}${guess}`);
    if (opts.lines && f.file) out.push(`    ${f.file}: ${f.line ?? '?'}`);
    const next = frames.slice(i + 1).find((x) => !x.inline);
    if (f.registers) out.push(...formatRegisters(f.registers, next));
    if (next && f.stack && f.stack !== 'task' && next.stack !== f.stack) out.push(`--- <${stackName(f.stack)}> ---`);
  }
  for (const n of opts.notes ?? []) out.push(`bt: ${n}`);
  return out;
}

function stackName(label: string): string {
  if (label === 'IRQ') return 'IRQ stack';
  if (label === 'ENTRY') return 'entry stack';
  return `${label} exception stack`;
}

/** The pt_regs block crash prints under an exception frame. */
export function formatRegisters(r: Record<string, string>, interrupted?: ReportFrame): string[] {
  const out: string[] = [];
  const cs = r.cs && /^0x/.test(r.cs) ? BigInt(r.cs) : 0n;
  if ((cs & 3n) !== 3n) {
    const at = interrupted?.symbol ? `${interrupted.symbol}${interrupted.offset ? `+${interrupted.offset}` : ''}` : 'unknown or invalid address';
    out.push(`    [exception RIP: ${at}]`);
  }
  const g = (n: string, w = 16) => addr(r[n], w);
  out.push(`    RIP: ${g('rip')}  RSP: ${g('rsp')}  RFLAGS: ${g('eflags', 8)}`);
  if ('rax' in r) {
    out.push(
      `    RAX: ${g('rax')}  RBX: ${g('rbx')}  RCX: ${g('rcx')}`,
      `    RDX: ${g('rdx')}  RSI: ${g('rsi')}  RDI: ${g('rdi')}`,
      `    RBP: ${g('rbp')}   R8: ${g('r8')}   R9: ${g('r9')}`,
      `    R10: ${g('r10')}  R11: ${g('r11')}  R12: ${g('r12')}`,
      `    R13: ${g('r13')}  R14: ${g('r14')}  R15: ${g('r15')}`,
      `    ORIG_RAX: ${g('orig_rax')}  CS: ${g('cs', 4)}  SS: ${g('ss', 4)}`,
    );
  } else {
    out.push(`    CS: ${g('cs', 4)}  SS: ${g('ss', 4)}  (IRET frame only)`);
  }
  return out;
}

// ---- over a whole report ----------------------------------------------------------

/** The task a backtrace belongs to (pid 0 exists once per CPU). */
export function taskOfBacktrace(report: Pick<Report, 'tasks'>, bt: ReportBacktrace): ReportTask | undefined {
  return report.tasks?.find((t) => t.pid === bt.pid && (t.pid !== 0 || bt.cpu === null || t.cpu === bt.cpu));
}

/** One task's backtrace from a report, with the warnings its unwind left. */
export function backtraceText(report: Pick<Report, 'tasks' | 'warnings'>, bt: ReportBacktrace, opts: Omit<FormatBtOptions, 'notes'> = {}): string[] {
  const t = taskOfBacktrace(report, bt);
  const who = `pid ${bt.pid} (${t?.comm ?? '?'}): `;
  const notes = (report.warnings ?? []).filter((w) => w.message.startsWith(who)).map((w) => w.message.slice(who.length));
  return formatBacktrace(bt, { pid: bt.pid, task: t?.task ?? null, cpu: bt.cpu ?? t?.cpu ?? null, comm: t?.comm ?? '?' }, { ...opts, notes });
}

/** Several backtraces (crash's `bt -a` / `foreach bt`), a blank line between them. */
export function backtracesText(report: Pick<Report, 'tasks' | 'warnings'>, bts: readonly ReportBacktrace[], opts: Omit<FormatBtOptions, 'notes'> = {}): string[] {
  return bts.flatMap((b, i) => [...(i ? [''] : []), ...backtraceText(report, b, opts)]);
}

/** The backtraces of the tasks running on a CPU (crash's `bt -a`), in CPU order. */
export function activeBacktraces(report: Pick<Report, 'tasks' | 'backtraces' | 'cpus'>): ReportBacktrace[] {
  const out: ReportBacktrace[] = [];
  for (const c of [...report.cpus].sort((a, b) => a.cpu - b.cpu)) {
    const task = c.currentTask ?? report.tasks?.find((t) => t.onCpu && t.cpu === c.cpu)?.task;
    const t = report.tasks?.find((x) => x.task === task);
    const bt = t && report.backtraces?.find((b) => b.pid === t.pid && (t.pid !== 0 || b.cpu === t.cpu));
    if (bt && !out.includes(bt)) out.push(bt);
  }
  return out;
}

/** The backtrace of the panicking task (pid 0 tells its CPU's idle task apart). */
export function panicBacktrace(report: Pick<Report, 'panic' | 'backtraces'>): ReportBacktrace | undefined {
  const p = report.panic;
  if (p?.pid === null || p?.pid === undefined) return undefined;
  return report.backtraces?.find((b) => b.pid === p.pid && (p.pid !== 0 || p.cpu === null || b.cpu === null || b.cpu === p.cpu));
}
