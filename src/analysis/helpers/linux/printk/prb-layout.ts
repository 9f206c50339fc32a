// Layout of the lockless printk ring buffer (kernel/printk/printk_ringbuffer.h, v5.10+):
// every offset from VMCOREINFO (printk.c log_buf_vmcoreinfo_setup exports them all), or
// from the types when VMCOREINFO lacks a line. The level/flags bitfields are not
// exported: GCC packs `u8 flags:5, level:3` into the byte after `facility`, which follows
// the u16 text_len (so text_len + 2 and + 3), flags in bits 0–4, level in bits 5–7.
import type { StructLayouts } from '../struct-layout';

export interface PrbLayout {
  ringbuffer: { descRing: number; textDataRing: number };
  descRing: { countBits: number; descs: number; infos: number; headId: number; tailId: number };
  desc: { size: number; stateVar: number; begin: number; next: number };
  info: {
    size: number;
    seq: number;
    tsNsec: number;
    textLen: number;
    facility: number;
    /** Byte holding flags (bits 0–4) and level (bits 5–7). */
    flagsLevel: number;
    /** Bit of that byte where the 3-bit level starts (5 with GCC on little-endian). */
    levelShift: number;
    callerId: number | undefined;
    subsystem: { offset: number; length: number } | undefined;
    device: { offset: number; length: number } | undefined;
  };
  dataRing: { sizeBits: number; data: number };
  /** atomic_long_t.counter (0 on every arch). */
  counter: number;
}

/** True when the kernel has the lockless ring (the `prb` pointer, 5.10+). */
export function hasLocklessRing(layouts: StructLayouts, prbSymbol: bigint | undefined): boolean {
  return prbSymbol !== undefined && layouts.has('prb_desc_ring', 'infos');
}

export function prbLayout(l: StructLayouts): PrbLayout {
  const counter = l.tryOffset('atomic_long_t', 'counter') ?? 0;
  const blkBegin = l.offset('prb_data_blk_lpos', 'begin');
  const blkNext = l.offset('prb_data_blk_lpos', 'next');
  const textBlk = l.offset('prb_desc', 'text_blk_lpos');
  const textLen = l.offset('printk_info', 'text_len');
  const devInfo = l.tryOffset('printk_info', 'dev_info');
  const level = l.tryMember('printk_info', 'level');
  return {
    ringbuffer: {
      descRing: l.offset('printk_ringbuffer', 'desc_ring'),
      textDataRing: l.offset('printk_ringbuffer', 'text_data_ring'),
    },
    descRing: {
      countBits: l.offset('prb_desc_ring', 'count_bits'),
      descs: l.offset('prb_desc_ring', 'descs'),
      infos: l.offset('prb_desc_ring', 'infos'),
      headId: l.offset('prb_desc_ring', 'head_id') + counter,
      tailId: l.offset('prb_desc_ring', 'tail_id') + counter,
    },
    desc: {
      size: l.size('prb_desc'),
      stateVar: l.offset('prb_desc', 'state_var') + counter,
      begin: textBlk + blkBegin,
      next: textBlk + blkNext,
    },
    info: {
      size: l.size('printk_info'),
      seq: l.offset('printk_info', 'seq'),
      tsNsec: l.offset('printk_info', 'ts_nsec'),
      textLen,
      facility: l.tryOffset('printk_info', 'facility') ?? textLen + 2,
      flagsLevel: level ? Math.floor(level.bitOffset / 8) : textLen + 3,
      levelShift: level ? level.bitOffset % 8 : 5,
      callerId: l.tryOffset('printk_info', 'caller_id'),
      subsystem: devInfo === undefined ? undefined : devString(l, devInfo, 'subsystem', 16),
      device: devInfo === undefined ? undefined : devString(l, devInfo, 'device', 48),
    },
    dataRing: {
      sizeBits: l.offset('prb_data_ring', 'size_bits'),
      data: l.offset('prb_data_ring', 'data'),
    },
    counter,
  };
}

function devString(
  l: StructLayouts,
  devInfo: number,
  member: 'subsystem' | 'device',
  fallbackLength: number,
): { offset: number; length: number } | undefined {
  const off = l.tryOffset('dev_printk_info', member);
  if (off === undefined) return undefined;
  const length =
    l.vmcoreinfo?.length(`printk_info_${member}`) ??
    l.tryMemberSize('dev_printk_info', member) ??
    fallbackLength;
  return { offset: devInfo + off, length };
}
