// The structured log buffer of v3.5–v5.9 (kernel/printk/printk.c before the lockless
// ring, commit 7ff9554bb578 "printk: convert byte-buffer to variable-length record
// buffer"): `char *log_buf` of log_buf_len bytes holding `struct printk_log` records
// (`struct log` before v3.11, commit 62e32ac3505a), each header + text + dict, padded to
// LOG_ALIGN; a header with len == 0 means "continue at offset 0". Iteration runs from
// log_first_idx to log_next_idx as crash's dump_variable_length_record_log does.
// struct printk_log { u64 ts_nsec; u16 len, text_len, dict_len; u8 facility;
// u8 flags:5, level:3; [u32 caller_id, 5.1+ CONFIG_PRINTK_CALLER] }.
import { BadDataError, MissingDebugInfoError, type Warning } from '../../../errors';
import { readU32, readU64, type AddressSpace } from '../../../memory/address-space';
import { readTolerant } from '../read-tolerant';
import type { StructLayouts } from '../struct-layout';
import { decodeText, type PrintkRecord } from './printk-record';

export interface LogBufLayout {
  size: number;
  tsNsec: number;
  len: number;
  textLen: number;
  dictLen: number;
  facility: number;
  flagsLevel: number;
  levelShift: number;
  callerId: number | undefined;
}

export interface LogBufSymbols {
  logBuf: bigint;
  logBufLen: bigint;
  logFirstIdx: bigint;
  logNextIdx: bigint;
  logFirstSeq?: bigint;
}

/** Layout from SIZE/OFFSET(printk_log.*) (or `log.*` for 3.5–3.10), else the types. */
export function logBufLayout(l: StructLayouts): LogBufLayout | undefined {
  const struct = l.trySize('printk_log') !== undefined ? 'printk_log' : 'log';
  const size = l.trySize(struct);
  const dictLen = l.tryOffset(struct, 'dict_len');
  if (size === undefined || dictLen === undefined) return undefined;
  const level = l.tryMember(struct, 'level');
  // caller_id follows the flags/level byte when the header has room for it (20-byte header).
  const callerId = l.tryOffset(struct, 'caller_id') ?? (size >= dictLen + 8 ? dictLen + 4 : undefined);
  return {
    size,
    tsNsec: l.offset(struct, 'ts_nsec'),
    len: l.offset(struct, 'len'),
    textLen: l.offset(struct, 'text_len'),
    dictLen,
    facility: l.tryOffset(struct, 'facility') ?? dictLen + 2,
    flagsLevel: level ? Math.floor(level.bitOffset / 8) : dictLen + 3,
    levelShift: level ? level.bitOffset % 8 : 5,
    callerId,
  };
}

export function logBufSymbols(symbol: (name: string) => bigint | undefined): LogBufSymbols | undefined {
  const logBuf = symbol('log_buf');
  const logBufLen = symbol('log_buf_len');
  const logFirstIdx = symbol('log_first_idx');
  const logNextIdx = symbol('log_next_idx');
  if (logBuf === undefined || logBufLen === undefined || logFirstIdx === undefined || logNextIdx === undefined) {
    return undefined;
  }
  return { logBuf, logBufLen, logFirstIdx, logNextIdx, logFirstSeq: symbol('log_first_seq') };
}

/** Bigger than this is not a log buffer (printk.c LOG_BUF_LEN_MAX = 2^31). */
const MAX_LOG_BUF = 2 ** 31;

export async function readLogBuf(
  memory: AddressSpace,
  layout: LogBufLayout | undefined,
  syms: LogBufSymbols,
): Promise<{ records: PrintkRecord[]; warnings: Warning[] }> {
  if (!layout) throw new MissingDebugInfoError('SIZE(printk_log) and OFFSET(printk_log.*)');
  const warnings: Warning[] = [];
  const buf = await readU64(memory, syms.logBuf);
  const len = await readU32(memory, syms.logBufLen);
  let idx = await readU32(memory, syms.logFirstIdx);
  const nextIdx = await readU32(memory, syms.logNextIdx);
  let seq = syms.logFirstSeq !== undefined ? await readU64(memory, syms.logFirstSeq) : 0n;
  if (len === 0 || len > MAX_LOG_BUF || idx >= len || nextIdx >= len) {
    throw new BadDataError(
      `log_buf at 0x${buf.toString(16)}`,
      0,
      'log_first_idx and log_next_idx inside log_buf_len',
      `log_buf_len ${len}, log_first_idx ${idx}, log_next_idx ${nextIdx}`,
    );
  }
  const data = await readTolerant(memory, buf, len);
  const dv = new DataView(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
  const records: PrintkRecord[] = [];
  const bad = (why: string) =>
    warnings.push({
      code: 'PRINTK_BAD_RECORD',
      message: `log_buf record at 0x${(buf + BigInt(idx)).toString(16)} (index ${idx}): ${why}; the records after it are lost`,
    });
  // Each record takes at least a header, so the walk ends within len / size steps.
  for (let steps = 0; idx !== nextIdx; steps++) {
    if (steps > len / layout.size) {
      bad('the record chain does not reach log_next_idx');
      break;
    }
    if (idx + layout.size > len || !data.readable(idx, layout.size)) {
      bad('header outside the buffer or unreadable');
      break;
    }
    let recLen = dv.getUint16(idx + layout.len, true);
    if (recLen === 0) {
      // Wrap marker: the record did not fit at the end and starts at offset 0.
      idx = 0;
      if (idx === nextIdx) break;
      recLen = dv.getUint16(idx + layout.len, true);
    }
    const textLen = dv.getUint16(idx + layout.textLen, true);
    const dictLen = dv.getUint16(idx + layout.dictLen, true);
    if (recLen < layout.size + textLen + dictLen || idx + recLen > len) {
      bad(`len ${recLen} does not hold a ${layout.size}-byte header, ${textLen} bytes of text and ${dictLen} of dict`);
      break;
    }
    const textAt = idx + layout.size;
    const fl = dv.getUint8(idx + layout.flagsLevel);
    const rec: PrintkRecord = {
      seq: seq++,
      timestampNs: dv.getBigUint64(idx + layout.tsNsec, true),
      level: (fl >> layout.levelShift) & 7,
      facility: dv.getUint8(idx + layout.facility),
      flags: fl & ((1 << layout.levelShift) - 1),
      callerId: layout.callerId === undefined ? null : dv.getUint32(idx + layout.callerId, true),
      text: decodeText(data.bytes.subarray(textAt, textAt + textLen)),
    };
    addDict(rec, data.bytes.subarray(textAt + textLen, textAt + textLen + dictLen));
    records.push(rec);
    idx += recLen;
  }
  return { records, warnings };
}

/** The dictionary is "KEY=value\0KEY=value": SUBSYSTEM= and DEVICE= (dev_printk). */
function addDict(rec: PrintkRecord, dict: Uint8Array): void {
  if (dict.length === 0) return;
  for (const kv of decodeText(dict).split('\0')) {
    if (kv.startsWith('SUBSYSTEM=')) rec.subsystem = kv.slice(10);
    else if (kv.startsWith('DEVICE=')) rec.device = kv.slice(7);
  }
}
