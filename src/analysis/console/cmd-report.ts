// Console commands answered from the report alone: sys, ps, bt, log. Their layout follows
// crash's commands of the same name (columns crashlens does not know are left out).
import { LookupError } from '../errors';
import { formatDmesgRecord } from '../helpers/linux/printk/dmesg-format';
import type { Report, ReportBacktrace, ReportFrame, ReportTask } from '../report/report-types';
import { systemLines } from '../report/report-text';
import type { ConsoleContext } from './console-types';

export function notYet(what: string): never {
  throw new LookupError(`${what} not available for this dump yet`);
}

export function sys(_args: string[], ctx: ConsoleContext): string[] {
  return systemLines(ctx.report);
}

/** A hex address zero-padded; a redacted report's "symbol+0xoff" as is, a dropped one as —. */
const hex16 = (h: string | null) => (h === null ? '—'.padEnd(16) : h.startsWith('0x') ? h.slice(2).padStart(16, '0') : h);

function psLine(t: ReportTask): string {
  return `${t.onCpu ? '>' : ' '}${String(t.pid).padStart(6)} ${String(t.ppid).padStart(7)} ${String(t.cpu).padStart(4)}  ${hex16(t.task)}  ${t.state.padEnd(2)}  ${t.comm}`;
}

/** `ps [pid|comm]...`: every task, or those named. */
export function ps(args: string[], ctx: ConsoleContext): string[] {
  const tasks = ctx.report.tasks ?? notYet('the task list is');
  const chosen = args.length
    ? tasks.filter((t) => args.some((a) => (/^\d+$/.test(a) ? t.pid === Number(a) : t.comm === a)))
    : tasks;
  if (args.length && chosen.length === 0) throw new LookupError(`ps: no task matches ${args.join(' ')}`);
  return ['   PID    PPID  CPU        TASK        ST  COMM', ...chosen.map(psLine)];
}

function frameLines(f: ReportFrame, n: number): string[] {
  const name = f.symbol ? `${f.symbol}${f.offset ? `+${f.offset}` : ''}` : '(unknown)';
  const head = `${`#${n}`.padStart(3)} [${hex16(f.sp)}] ${name}${f.inline ? ' (inlined)' : ''} at ${hex16(f.pc)}${f.module ? ` [${f.module}]` : ''}`;
  const lines = [head];
  if (f.file) lines.push(`    ${f.file}${f.line !== null ? `: ${f.line}` : ''}`);
  const regs = (f as ReportFrame & { registers?: Record<string, string> }).registers;
  if (regs) {
    const entries = Object.entries(regs);
    for (let i = 0; i < entries.length; i += 3) {
      lines.push(`    ${entries.slice(i, i + 3).map(([k, v]) => `${k.toUpperCase()}: ${hex16(v)}`).join('  ')}`);
    }
  }
  return lines;
}

function taskOf(report: Report, bt: ReportBacktrace): ReportTask | undefined {
  return report.tasks?.find((t) => t.pid === bt.pid && (bt.cpu === null || t.pid !== 0 || t.cpu === bt.cpu));
}

export function backtraceLines(report: Report, bt: ReportBacktrace): string[] {
  const t = taskOf(report, bt);
  const header = `PID: ${String(bt.pid).padEnd(8)} TASK: ${t ? hex16(t.task) : '—'.padEnd(16)}  CPU: ${String(bt.cpu ?? t?.cpu ?? '—').padEnd(4)} COMMAND: "${t?.comm ?? '?'}"`;
  return [header, ...bt.frames.flatMap((f, i) => frameLines(f, i))];
}

function parsePid(text: string): number {
  if (!/^\d+$/.test(text)) throw new LookupError(`bt: "${text}" is not a pid (bt [pid|-a])`);
  return Number(text);
}

/** `bt` (the panic task), `bt <pid>`, `bt -a` (the task on each CPU). */
export function bt(args: string[], ctx: ConsoleContext): string[] {
  const { report } = ctx;
  const traces = report.backtraces ?? notYet('backtraces are');
  if (args[0] === '-a') {
    const active = traces.filter((b) => report.cpus.some((c) => c.pid === b.pid && (b.cpu === null || b.cpu === c.cpu)));
    return active.flatMap((b, i) => [...(i ? [''] : []), ...backtraceLines(report, b)]);
  }
  const pid = args[0] !== undefined ? parsePid(args[0]) : report.panic?.pid;
  if (pid === null || pid === undefined) throw new LookupError('bt: the panic task is not known; give a pid');
  const found = traces.filter((b) => b.pid === pid);
  if (found.length === 0) throw new LookupError(`bt: no task with pid ${pid}`);
  return found.flatMap((b, i) => [...(i ? [''] : []), ...backtraceLines(report, b)]);
}

/** `log`: the kernel log as `makedumpfile --dump-dmesg` and crash's `log` print it. */
export function log(_args: string[], ctx: ConsoleContext): string[] {
  const records = ctx.report.log ?? notYet('the kernel log is');
  return records.flatMap((r) => formatDmesgRecord({ timestampNs: BigInt(r.timestampNs), text: r.text }).split('\n'));
}
