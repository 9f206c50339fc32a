// The crash signature: what kind of panic, and where — the panic message with its numbers
// taken out, plus the top meaningful frames of the panicking task — hashed to a short id,
// so that two reports of the same bug get the same id whatever the dump's format, its
// debug info (inline frames are left out: they exist only with a vmlinux's DWARF), the
// boot (addresses, pids and KASLR differ) or the capture (kdump or a hypervisor).
import { meaningfulFrames } from './signature-frames';
import type { ReportBacktrace, ReportPanic, ReportSignature, SharedReport } from './report-types';

/** Frames a signature keeps: enough to tell callers apart, few enough to survive refactors. */
export const SIGNATURE_FRAMES = 3;

/**
 * The panic message as a kind: hex and decimal numbers become "N" (addresses, pids, line
 * numbers and exit codes change from one occurrence to the next), spaces collapse.
 */
export function panicKind(message: string | null | undefined): string {
  if (!message) return 'unknown';
  return message
    .replace(/\b0x[0-9a-f]+\b/gi, 'N')
    .replace(/\b[0-9a-f]{8,16}\b/gi, 'N')
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

/** FNV-1a, 64 bits, over the UTF-16 code units: stable everywhere, no crypto needed. */
export function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

export function signatureOf(
  panic: ReportPanic | null | undefined,
  backtrace: ReportBacktrace | null | undefined,
): ReportSignature | null {
  if (!panic) return null;
  const symbols = (backtrace?.frames ?? [])
    .filter((f) => !f.inline && f.symbol)
    .map((f) => f.symbol!);
  const kind = panicKind(panic.message);
  const frames = meaningfulFrames(symbols, SIGNATURE_FRAMES);
  const id = fnv1a64([kind, ...frames].join('\n'))
    .toString(16)
    .padStart(16, '0')
    .slice(0, 12);
  return { id, kind, frames };
}

/** The backtrace of the panicking task: by pid, and CPU for the per-CPU idle tasks. */
export function panicBacktrace(report: SharedReport): ReportBacktrace | null {
  const p = report.panic;
  if (!p || p.pid === null) return null;
  const all = report.backtraces ?? [];
  return (
    all.find((b) => b.pid === p.pid && (p.cpu === null || b.cpu === null || b.cpu === p.cpu)) ??
    all.find((b) => b.pid === p.pid) ??
    null
  );
}

/** The report's signature: the one it was shared with, else computed from its panic and backtraces. */
export function reportSignature(report: SharedReport): ReportSignature | null {
  return report.panic?.signature ?? signatureOf(report.panic, panicBacktrace(report));
}

/** One line for people: "sysrq triggered crash in sysrq_handle_crash < __handle_sysrq". */
export function describeSignature(s: ReportSignature): string {
  return s.frames.length ? `${s.kind} in ${s.frames.join(' < ')}` : s.kind;
}
