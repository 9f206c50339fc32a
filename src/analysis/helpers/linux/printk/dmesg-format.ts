// The log as text, the way `makedumpfile --dump-dmesg` (printk.c dump_record) and crash's
// `log` print it: "[%5lu.%06lu] " then the text; an embedded newline starts a new line
// indented by the prefix's width; other non-printable bytes become "\xNN". (makedumpfile
// passes a signed char to "%02x", so bytes >= 0x80 come out as "\xffffffNN" there; here
// valid UTF-8 text is kept as it is.)
import type { PrintkRecord } from './printk-record';

const NS_PER_S = 1_000_000_000n;

export function dmesgPrefix(timestampNs: bigint): string {
  const s = timestampNs / NS_PER_S;
  const us = (timestampNs % NS_PER_S) / 1000n;
  return `[${s.toString().padStart(5)}.${us.toString().padStart(6, '0')}] `;
}

export function formatDmesgRecord(r: Pick<PrintkRecord, 'timestampNs' | 'text'>): string {
  const prefix = dmesgPrefix(r.timestampNs);
  const indent = '\n' + ' '.repeat(prefix.length);
  let out = prefix;
  for (const ch of r.text) {
    if (ch === '\n') out += indent;
    else out += printable(ch) ? ch : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The whole log, one line per record (plus continuation lines), each ending in "\n". */
export function formatDmesg(records: readonly Pick<PrintkRecord, 'timestampNs' | 'text'>[]): string {
  let out = '';
  for (const r of records) out += formatDmesgRecord(r) + '\n';
  return out;
}

/** C isprint() || isspace() in the C locale; non-ASCII characters pass through. */
function printable(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 0x20 && c < 0x7f) || (c >= 0x09 && c <= 0x0d) || c >= 0x80;
}
