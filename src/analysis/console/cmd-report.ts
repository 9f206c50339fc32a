// Console commands answered from the report alone: sys, ps, bt, log. Their layout follows
// crash's commands of the same name (columns crashlens does not know are left out).
import { LookupError } from '../errors';
import { formatDmesgRecord } from '../helpers/linux/printk/dmesg-format';
import { activeBacktraces, backtracesText } from '../helpers/linux/stack/format-bt';
import type { ReportTask } from '../report/report-types';
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

function parsePid(text: string): number {
  if (!/^\d+$/.test(text)) throw new LookupError(`bt: "${text}" is not a pid (bt [pid|-a])`);
  return Number(text);
}

/**
 * `bt` (the panic task), `bt <pid>`, `bt -a` (the task on each CPU), with `-l` source
 * lines and inlined calls; crash's layout (helpers/linux/stack/format-bt.ts).
 */
export function bt(args: string[], ctx: ConsoleContext): string[] {
  const { report } = ctx;
  const traces = report.backtraces ?? notYet('backtraces are');
  const opts = { lines: args.includes('-l') };
  const rest = args.filter((a) => a !== '-l');
  if (rest[0] === '-a') return backtracesText(report, activeBacktraces(report), opts);
  const pid = rest[0] !== undefined ? parsePid(rest[0]) : report.panic?.pid;
  if (pid === null || pid === undefined) throw new LookupError('bt: the panic task is not known; give a pid');
  const found = traces.filter((b) => b.pid === pid);
  if (found.length === 0) throw new LookupError(`bt: no task with pid ${pid}`);
  return backtracesText(report, found, opts);
}

/** `log`: the kernel log as `makedumpfile --dump-dmesg` and crash's `log` print it. */
export function log(_args: string[], ctx: ConsoleContext): string[] {
  const records = ctx.report.log ?? notYet('the kernel log is');
  return records.flatMap((r) => formatDmesgRecord({ timestampNs: BigInt(r.timestampNs), text: r.text }).split('\n'));
}
