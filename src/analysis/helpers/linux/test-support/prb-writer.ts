// Writes a lockless printk ring buffer (printk_ringbuffer.c, 6.1 layout) into FakeMemory
// the way the kernel fills it: IDs and lpos values start near overflow (DESC0_ID,
// BLK0_LPOS), data blocks that do not fit before the end of the array are stored at
// index 0, and old records become reusable as the tail is pushed.
import { VmcoreInfo } from '../../../formats/notes/vmcoreinfo';
import type { FakeMemory } from './fake-memory';

/** The printk lines of a 6.1 x86_64 VMCOREINFO (run-kdump fixture), addresses replaced. */
export function prbVmcoreInfo(prb: bigint, extra = ''): VmcoreInfo {
  return new VmcoreInfo(
    `SYMBOL(prb)=${prb.toString(16)}
SIZE(printk_ringbuffer)=88
OFFSET(printk_ringbuffer.desc_ring)=0
OFFSET(printk_ringbuffer.text_data_ring)=48
OFFSET(printk_ringbuffer.fail)=80
SIZE(prb_desc_ring)=48
OFFSET(prb_desc_ring.count_bits)=0
OFFSET(prb_desc_ring.descs)=8
OFFSET(prb_desc_ring.infos)=16
OFFSET(prb_desc_ring.head_id)=24
OFFSET(prb_desc_ring.tail_id)=32
SIZE(prb_desc)=24
OFFSET(prb_desc.state_var)=0
OFFSET(prb_desc.text_blk_lpos)=8
SIZE(prb_data_blk_lpos)=16
OFFSET(prb_data_blk_lpos.begin)=0
OFFSET(prb_data_blk_lpos.next)=8
SIZE(printk_info)=88
OFFSET(printk_info.seq)=0
OFFSET(printk_info.ts_nsec)=8
OFFSET(printk_info.text_len)=16
OFFSET(printk_info.caller_id)=20
OFFSET(printk_info.dev_info)=24
SIZE(dev_printk_info)=64
OFFSET(dev_printk_info.subsystem)=0
LENGTH(printk_info_subsystem)=16
OFFSET(dev_printk_info.device)=16
LENGTH(printk_info_device)=48
SIZE(prb_data_ring)=32
OFFSET(prb_data_ring.size_bits)=0
OFFSET(prb_data_ring.data)=8
OFFSET(prb_data_ring.head_lpos)=16
OFFSET(prb_data_ring.tail_lpos)=24
SIZE(atomic_long_t)=8
OFFSET(atomic_long_t.counter)=0
${extra}`,
  );
}

export interface WrittenRecord {
  id: bigint;
  seq: bigint;
  text: string;
  tsNsec: bigint;
  level: number;
  facility: number;
  callerId: number;
  begin: bigint;
  next: bigint;
  subsystem?: string;
  device?: string;
}

const ID_MASK = (1n << 62n) - 1n;
const U64 = (v: bigint) => BigInt.asUintN(64, v);

export class PrbWriter {
  readonly count: number;
  readonly dataSize: number;
  readonly descs: bigint;
  readonly infos: bigint;
  readonly data: bigint;
  /** All records ever written; `live` the ones still in the ring. */
  readonly written: WrittenRecord[] = [];
  readonly live: WrittenRecord[] = [];
  private headId: bigint;
  private tailId: bigint;
  private headLpos: bigint;
  private seq = 0n;

  constructor(
    readonly mem: FakeMemory,
    readonly prbPointer: bigint,
    readonly rb: bigint,
    countBits: number,
    sizeBits: number,
  ) {
    this.count = 1 << countBits;
    this.dataSize = 1 << sizeBits;
    // Each array on pages of its own, so tests can make one page unreadable.
    const pageAfter = (a: bigint, n: number) => ((a + BigInt(n) + 0x1fffn) / 0x1000n) * 0x1000n;
    this.descs = pageAfter(rb, 128);
    this.infos = pageAfter(this.descs, this.count * 24);
    this.data = pageAfter(this.infos, this.count * 88);
    mem.alloc(rb, 128);
    mem.alloc(this.descs, this.count * 24);
    mem.alloc(this.infos, this.count * 88);
    mem.alloc(this.data, this.dataSize);
    mem.alloc(prbPointer, 8);
    mem.writeU64(prbPointer, rb);
    mem.writeU32(rb, countBits);
    mem.writeU64(rb + 8n, this.descs);
    mem.writeU64(rb + 16n, this.infos);
    mem.writeU32(rb + 48n, sizeBits);
    mem.writeU64(rb + 56n, this.data);
    // DESC0_ID = DESC_ID(-(count + 1)): the first record gets ID -count, overflowing soon.
    this.headId = (-(BigInt(this.count) + 1n)) & ID_MASK;
    this.tailId = this.headId;
    // BLK0_LPOS = -DATA_SIZE: lpos values overflow 2^64 after one wrap.
    this.headLpos = U64(-BigInt(this.dataSize));
    // The kernel's descriptor DESC0_ID is a reusable placeholder in the last slot.
    this.writeState(this.headId, 3);
    this.flushHeadTail();
  }

  private slot(id: bigint): number {
    return Number(id & BigInt(this.count - 1));
  }

  private wraps(lpos: bigint): bigint {
    return U64(lpos) / BigInt(this.dataSize);
  }

  writeState(id: bigint, state: number): void {
    this.mem.writeU64(this.descs + BigInt(this.slot(id) * 24), (BigInt(state) << 62n) | id);
  }

  private flushHeadTail(): void {
    this.mem.writeU64(this.rb + 24n, this.headId);
    this.mem.writeU64(this.rb + 32n, this.tailId);
  }

  /** Appends a record (finalized unless `state` says otherwise). */
  add(
    text: string,
    opts: { tsNsec?: bigint; level?: number; facility?: number; callerId?: number; state?: number; subsystem?: string; device?: string } = {},
  ): WrittenRecord {
    const bytes = new TextEncoder().encode(text);
    const id = (this.headId + 1n) & ID_MASK;
    const size = BigInt((8 + bytes.length + 7) & ~7);
    const begin = this.headLpos;
    let next = U64(begin + size);
    if (this.wraps(begin) !== this.wraps(next)) {
      next = U64(this.wraps(next) * BigInt(this.dataSize) + size);
    }
    // data_push_tail / desc_push_tail: free what the new block overwrites, and the slot.
    const overwritten = (r: WrittenRecord) => {
      const d = U64(U64(next - BigInt(this.dataSize)) - r.begin);
      return d > 0n && d < 1n << 63n;
    };
    while (this.live.length && (overwritten(this.live[0]!) || this.live.length >= this.count - 1)) {
      const old = this.live.shift()!;
      this.writeState(old.id, 3);
      this.tailId = this.live[0]?.id ?? id;
    }
    if (!this.live.length) this.tailId = id;
    const at = this.wraps(begin) === this.wraps(next) ? this.index(begin) : 0;
    this.mem.writeU64(this.data + BigInt(this.index(begin)), id);
    this.mem.writeU64(this.data + BigInt(at), id);
    this.mem.write(this.data + BigInt(at + 8), bytes);
    const d = this.descs + BigInt(this.slot(id) * 24);
    this.mem.writeU64(d + 8n, begin);
    this.mem.writeU64(d + 16n, next);
    const rec: WrittenRecord = {
      id,
      seq: this.seq++,
      text,
      tsNsec: opts.tsNsec ?? this.seq * 1_000_123n,
      level: opts.level ?? 6,
      facility: opts.facility ?? 0,
      callerId: opts.callerId ?? 1,
      begin,
      next,
      subsystem: opts.subsystem,
      device: opts.device,
    };
    const inf = this.infos + BigInt(this.slot(id) * 88);
    this.mem.write(inf, new Uint8Array(88));
    this.mem.writeU64(inf, rec.seq);
    this.mem.writeU64(inf + 8n, rec.tsNsec);
    this.mem.writeU16(inf + 16n, bytes.length);
    this.mem.writeU8(inf + 18n, rec.facility);
    this.mem.writeU8(inf + 19n, (rec.level << 5) | 0x2);
    this.mem.writeU32(inf + 20n, rec.callerId);
    if (rec.subsystem) this.mem.writeString(inf + 24n, rec.subsystem);
    if (rec.device) this.mem.writeString(inf + 40n, rec.device);
    this.writeState(id, opts.state ?? 2);
    this.headId = id;
    this.headLpos = next;
    this.written.push(rec);
    this.live.push(rec);
    this.flushHeadTail();
    return rec;
  }

  private index(lpos: bigint): number {
    return Number(U64(lpos) % BigInt(this.dataSize));
  }

  descAddress(id: bigint): bigint {
    return this.descs + BigInt(this.slot(id) * 24);
  }
}
