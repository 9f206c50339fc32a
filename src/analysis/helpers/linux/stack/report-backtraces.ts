// Backtraces as the report carries them (../shared/CONTRACT.md `backtraces`): addresses as
// hex strings, one entry per task, inline frames as extra frames marked inline, the
// pt_regs of entry frames as `registers` (user_regs_struct names, as the cpus section).
import { hexString, type ReportBacktrace, type ReportFrame } from '../../../report/report-types';
import type { Backtrace } from './backtrace';
import type { BacktraceFrame } from './frames';

export function reportFrame(f: BacktraceFrame): ReportFrame {
  const out: ReportFrame = {
    pc: hexString(f.pc),
    sp: hexString(f.sp),
    symbol: f.symbol,
    offset: f.offset === null ? null : Number(f.offset),
    module: f.module,
    file: f.file,
    line: f.line,
    inline: f.inline,
    kind: f.kind,
    method: f.method,
  };
  if (f.stack) out.stack = f.stack;
  if (f.registers) out.registers = Object.fromEntries(Object.entries(f.registers).map(([k, v]) => [k, hexString(v)]));
  return out;
}

export function reportBacktrace(bt: Backtrace): ReportBacktrace {
  return { pid: bt.pid, cpu: bt.cpu, frames: bt.frames.map(reportFrame), end: bt.end };
}

export function reportBacktraces(bts: readonly Backtrace[]): ReportBacktrace[] {
  return bts.map(reportBacktrace);
}
