// The lockless printk ring buffer (kernel/printk/printk_ringbuffer.[ch], v5.10+, commit
// 896fbe20b4e2 "printk: use the lockless ringbuffer"), read the way makedumpfile's
// dump_lockless_dmesg and crash's dump_lockless_record_log do: walk descriptor IDs from
// tail_id to head_id (inclusive), keep committed/finalized descriptors whose state_var
// carries the expected ID, and take each text from the data ring block its
// text_blk_lpos names. Unlike those tools it checks each block against the kernel's own
// rules (get_data(): alignment, wrap, the leading block ID) and skips a bad record with
// a warning instead of printing garbage or stopping.
import { BadDataError, type Warning } from '../../../errors';
import { readU64, type AddressSpace } from '../../../memory/address-space';
import { readTolerant, type TolerantRead } from '../read-tolerant';
import type { PrbLayout } from './prb-layout';
import { cString, decodeText, type PrintkRecord } from './printk-record';

/** state_var: top 2 bits = state, the rest = descriptor ID (printk_ringbuffer.h DESC_SV). */
const DESC_FLAGS_SHIFT = 62n;
const DESC_ID_MASK = (1n << DESC_FLAGS_SHIFT) - 1n;
const enum DescState {
  Reserved = 0,
  Committed = 1,
  Finalized = 2,
  Reusable = 3,
}
/** A data-less block has bit 0 set in both lpos values (FAILED_LPOS 0x1, NO_LPOS 0x3). */
const LPOS_DATALESS = 1n;
/** `struct prb_data_block` starts with the owning descriptor's `unsigned long id`. */
const BLOCK_ID_SIZE = 8;
/** Kernel bounds (printk.c LOG_BUF_LEN_MAX is 2^31; descriptors are fewer than bytes). */
const MAX_SIZE_BITS = 31;
const MAX_COUNT_BITS = 27;
/** Beyond this many, bad records are counted in one summary warning. */
const MAX_RECORD_WARNINGS = 20;

export interface PrbReadOptions {
  /** Read from this `struct printk_ringbuffer` instead of `*prb`. */
  ringbuffer?: bigint;
}

export async function readLocklessRing(
  memory: AddressSpace,
  layout: PrbLayout,
  prbPointer: bigint,
  opts: PrbReadOptions = {},
): Promise<{ records: PrintkRecord[]; warnings: Warning[] }> {
  const warnings: Warning[] = [];
  const rb = opts.ringbuffer ?? (await readU64(memory, prbPointer));
  const dr = rb + BigInt(layout.ringbuffer.descRing);
  const tr = rb + BigInt(layout.ringbuffer.textDataRing);
  const head = await memory.read(dr, layout.descRing.tailId + 8);
  const hv = view(head);
  const countBits = hv.getUint32(layout.descRing.countBits, true);
  const tdr = view(await memory.read(tr, layout.dataRing.data + 8));
  const sizeBits = tdr.getUint32(layout.dataRing.sizeBits, true);
  if (countBits > MAX_COUNT_BITS || sizeBits > MAX_SIZE_BITS || sizeBits < 3) {
    throw new BadDataError(
      `printk ring buffer at 0x${rb.toString(16)}`,
      0,
      `count_bits <= ${MAX_COUNT_BITS} and 3 <= size_bits <= ${MAX_SIZE_BITS}`,
      `count_bits ${countBits}, size_bits ${sizeBits}`,
    );
  }
  const count = 1 << countBits;
  const dataSize = 1 << sizeBits;
  // Each array is read in one piece: none may exceed what the kernel allows the text ring.
  const arrayBytes = count * Math.max(layout.desc.size, layout.info.size);
  if (arrayBytes > 2 ** MAX_SIZE_BITS) {
    throw new BadDataError(
      `printk ring buffer at 0x${rb.toString(16)}`,
      0,
      `descriptor and info arrays of at most 2^${MAX_SIZE_BITS} bytes`,
      `count_bits ${countBits}: ${arrayBytes} bytes`,
    );
  }
  const descsAddr = hv.getBigUint64(layout.descRing.descs, true);
  const infosAddr = hv.getBigUint64(layout.descRing.infos, true);
  const dataAddr = tdr.getBigUint64(layout.dataRing.data, true);
  const [descs, infos, data] = await Promise.all([
    readTolerant(memory, descsAddr, count * layout.desc.size),
    readTolerant(memory, infosAddr, count * layout.info.size),
    readTolerant(memory, dataAddr, dataSize),
  ]);
  const ring: Ring = { layout, count, dataSize, descsAddr, descs, infos, data };
  for (const [what, r] of [
    ['descriptor array', ring.descs],
    ['info array', ring.infos],
    ['text data ring', ring.data],
  ] as const) {
    for (const u of r.unreadable) {
      warnings.push({
        code: 'PRINTK_UNREADABLE',
        message: `printk ${what}: ${u.length} bytes at 0x${u.address.toString(16)} unreadable (${u.cause}); records there are skipped`,
      });
    }
  }

  const tail = hv.getBigUint64(layout.descRing.tailId, true) & DESC_ID_MASK;
  const headId = hv.getBigUint64(layout.descRing.headId, true) & DESC_ID_MASK;
  let span = (headId - tail) & DESC_ID_MASK;
  let first = tail;
  if (span >= BigInt(ring.count)) {
    // tail..head cannot hold more IDs than the ring has descriptors.
    warnings.push({
      code: 'PRINTK_BAD_DESCRIPTOR',
      message: `printk desc_ring: tail_id 0x${tail.toString(16)} and head_id 0x${headId.toString(16)} are ${span} apart, more than the ${ring.count} descriptors; reading the last ${ring.count}`,
    });
    span = BigInt(ring.count - 1);
    first = (headId - span) & DESC_ID_MASK;
  }

  const records: PrintkRecord[] = [];
  let bad = 0;
  for (let i = 0n; i <= span; i++) {
    const id = (first + i) & DESC_ID_MASK;
    const r = readRecord(ring, id);
    if (r === null) continue;
    if (typeof r === 'string') {
      if (++bad <= MAX_RECORD_WARNINGS) {
        const slot = Number(id & BigInt(ring.count - 1));
        const at = ring.descsAddr + BigInt(slot * layout.desc.size);
        warnings.push({
          code: 'PRINTK_BAD_DESCRIPTOR',
          message: `printk descriptor ${slot} (ID 0x${id.toString(16)}) at 0x${at.toString(16)}: ${r}; record skipped`,
        });
      }
      continue;
    }
    records.push(r);
  }
  if (bad > MAX_RECORD_WARNINGS) {
    warnings.push({
      code: 'PRINTK_BAD_DESCRIPTOR',
      message: `printk: ${bad - MAX_RECORD_WARNINGS} more bad descriptors skipped`,
    });
  }
  return { records, warnings };
}

interface Ring {
  layout: PrbLayout;
  count: number;
  dataSize: number;
  descsAddr: bigint;
  descs: TolerantRead;
  infos: TolerantRead;
  data: TolerantRead;
}

/** A record, null for a descriptor that holds no record (free, being written, data-less), or why it is bad. */
function readRecord(ring: Ring, id: bigint): PrintkRecord | null | string {
  const { layout } = ring;
  const slot = Number(id & BigInt(ring.count - 1));
  const d = slot * layout.desc.size;
  if (!ring.descs.readable(d, layout.desc.size)) return 'descriptor unreadable';
  const dv = view(ring.descs.bytes);
  const sv = dv.getBigUint64(d + layout.desc.stateVar, true);
  const state = Number(sv >> DESC_FLAGS_SHIFT) as DescState;
  if ((sv & DESC_ID_MASK) !== id) {
    return `state_var 0x${sv.toString(16)} holds ID 0x${(sv & DESC_ID_MASK).toString(16)}`;
  }
  // Reserved: a writer was active at the crash. Reusable: already recycled.
  if (state !== DescState.Committed && state !== DescState.Finalized) return null;
  const begin = dv.getBigUint64(d + layout.desc.begin, true);
  const next = dv.getBigUint64(d + layout.desc.next, true);
  if (begin & next & LPOS_DATALESS) return null; // makedumpfile and crash skip these too
  const block = dataBlock(ring, begin, next);
  if (typeof block === 'string') return block;

  const inf = slot * layout.info.size;
  if (!ring.infos.readable(inf, layout.info.size)) return 'info unreadable';
  if (!ring.data.readable(block.start, block.size)) return 'text block unreadable';
  const iv = view(ring.infos.bytes);
  const blockId = view(ring.data.bytes).getBigUint64(block.start, true);
  if ((blockId & DESC_ID_MASK) !== id) {
    return `text block at lpos 0x${begin.toString(16)} belongs to ID 0x${blockId.toString(16)}`;
  }
  const li = layout.info;
  const textLen = Math.min(iv.getUint16(inf + li.textLen, true), block.size - BLOCK_ID_SIZE);
  const textStart = block.start + BLOCK_ID_SIZE;
  const fl = iv.getUint8(inf + li.flagsLevel);
  const rec: PrintkRecord = {
    seq: iv.getBigUint64(inf + li.seq, true),
    timestampNs: iv.getBigUint64(inf + li.tsNsec, true),
    level: (fl >> li.levelShift) & 7,
    facility: iv.getUint8(inf + li.facility),
    flags: fl & ((1 << li.levelShift) - 1),
    callerId: li.callerId === undefined ? null : iv.getUint32(inf + li.callerId, true),
    text: decodeText(ring.data.bytes.subarray(textStart, textStart + textLen)),
  };
  const info = ring.infos.bytes.subarray(inf, inf + layout.info.size);
  const sub = li.subsystem && cString(info.subarray(li.subsystem.offset, li.subsystem.offset + li.subsystem.length));
  const dev = li.device && cString(info.subarray(li.device.offset, li.device.offset + li.device.length));
  if (sub) rec.subsystem = sub;
  if (dev) rec.device = dev;
  return rec;
}

/**
 * Where the block [begin, next) lies in the data array (printk_ringbuffer.c get_data):
 * a regular block has both ends in the same wrap; a wrapping block did not fit at the end
 * of the array and was stored at index 0, with `begin` still in the previous wrap.
 */
function dataBlock(ring: Ring, begin: bigint, next: bigint): { start: number; size: number } | string {
  const size = BigInt(ring.dataSize);
  const wraps = (lpos: bigint) => BigInt.asUintN(64, lpos) / size;
  const index = (lpos: bigint) => Number(lpos % size);
  let start: number;
  let len: bigint;
  if (wraps(begin) === wraps(next) && begin < next) {
    start = index(begin);
    len = next - begin;
  } else if (wraps(BigInt.asUintN(64, begin + size)) === wraps(next)) {
    start = 0;
    len = BigInt(index(next));
  } else {
    return `illegal text block lpos 0x${begin.toString(16)}..0x${next.toString(16)}`;
  }
  if (begin % 8n !== 0n || next % 8n !== 0n) {
    return `text block lpos 0x${begin.toString(16)}..0x${next.toString(16)} not aligned to 8`;
  }
  if (len < BigInt(BLOCK_ID_SIZE) || len > size) {
    return `text block of ${len} bytes`;
  }
  return { start, size: Number(len) };
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
