// One kernel log record, the same for the lockless ring buffer (5.10+, struct
// printk_info) and the legacy log_buf (3.5–5.9, struct printk_log).
import type { Warning } from '../../../errors';

export interface PrintkRecord {
  /** Sequence number (printk_info.seq; legacy: log_first_seq + position). */
  seq: bigint;
  /** local_clock() nanoseconds since boot. */
  timestampNs: bigint;
  /** Loglevel 0–7 (the `level:3` bitfield). */
  level: number;
  /** Syslog facility (0 = kernel, 1 = user via /dev/kmsg). */
  facility: number;
  /** The `flags:5` bitfield: LOG_NEWLINE 2, LOG_CONT 8. */
  flags: number;
  /** Raw caller_id (CONFIG_PRINTK_CALLER, 5.1+), null when the kernel has none. */
  callerId: number | null;
  text: string;
  /** dev_printk_info.subsystem / .device (lockless ring) or the SUBSYSTEM=/DEVICE= dict. */
  subsystem?: string;
  device?: string;
}

export interface PrintkLog {
  format: 'lockless' | 'log_buf';
  records: PrintkRecord[];
  warnings: Warning[];
}

/** kernel/printk/printk.c: LOG_CONT marks a fragment continued from the previous record. */
export const LOG_NEWLINE = 2;
export const LOG_CONT = 8;

/**
 * The caller as the kernel prints it (printk.c print_caller): bit 31 set means the record
 * was logged from interrupt context on CPU `id & ~0x80000000`, else by thread `id`.
 */
export function formatCaller(callerId: number | null): string {
  if (callerId === null) return '';
  const cpu = (callerId & 0x80000000) !== 0;
  return `${cpu ? 'C' : 'T'}${callerId & 0x7fffffff}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodeText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** A NUL-terminated string inside a fixed-size char array. */
export function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return utf8.decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}
