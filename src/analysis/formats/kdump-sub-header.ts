// struct kdump_sub_header at block 1 of a "KDUMP   " file (makedumpfile diskdump_mod.h).
// header_version says which fields exist: 1 phys_base, dump_level; 2 split, start_pfn,
// end_pfn; 3 offset/size_vmcoreinfo; 4 offset/size_note; 5 offset/size_eraseinfo;
// 6 start_pfn_64, end_pfn_64, max_mapnr_64. Fields past the version are not read.
// LP64 layout: every ulong/off_t is 8 bytes (sizeof 104). 32-bit producers have 4-byte
// ulong but 8-byte off_t, either packed (i386) or padded to 8 (ARM/MIPS): libkdumpfile
// diskdump.c kdump_sub_header_32pack/_32pad, told apart by read_sub_hdr_32 checking that
// offset_vmcoreinfo lands between block 1 and the bitmaps.
import { Cursor } from '../binary/cursor';
import type { DiskDumpHeader } from './kdump-header';

export interface KdumpSubHeader {
  physBase: bigint;
  dumpLevel?: number;
  split: boolean;
  /** Split range [startPfn, endPfn): the 64-bit fields from version 6, else the legacy ones. */
  startPfn?: bigint;
  endPfn?: bigint;
  offsetVmcoreinfo?: bigint;
  sizeVmcoreinfo?: bigint;
  offsetNote?: bigint;
  sizeNote?: bigint;
  offsetEraseinfo?: bigint;
  sizeEraseinfo?: bigint;
  maxMapnr64?: bigint;
  layout: 'lp64' | '32pack' | '32pad';
}

/** Field offsets of one layout, in header_version order. */
interface Offsets {
  word: 4 | 8;
  start: number;
  end: number;
  offVmci: number;
  sizeVmci: number;
  offNote: number;
  sizeNote: number;
  offErase: number;
  sizeErase: number;
  start64: number;
  size: number;
}

const LAYOUTS: Record<KdumpSubHeader['layout'], Offsets> = {
  lp64: { word: 8, start: 16, end: 24, offVmci: 32, sizeVmci: 40, offNote: 48, sizeNote: 56, offErase: 64, sizeErase: 72, start64: 80, size: 104 },
  '32pack': { word: 4, start: 12, end: 16, offVmci: 20, sizeVmci: 28, offNote: 32, sizeNote: 40, offErase: 44, sizeErase: 52, start64: 56, size: 80 },
  '32pad': { word: 4, start: 12, end: 16, offVmci: 24, sizeVmci: 32, offNote: 40, sizeNote: 48, offErase: 56, sizeErase: 64, start64: 72, size: 96 },
};

/** Bytes to read at block 1 for any layout. */
export const KDUMP_SUB_HEADER_READ = 104;

function choose32(c: Cursor, h: DiskDumpHeader): '32pack' | '32pad' {
  if (h.headerVersion < 3 || c.length < LAYOUTS['32pack'].sizeVmci + 4) return '32pack';
  const off = c.seek(LAYOUTS['32pack'].offVmci).u64('offset_vmcoreinfo');
  const size = BigInt(c.u32('size_vmcoreinfo'));
  const payload = BigInt(h.blockSize) * BigInt(1 + h.subHdrSize);
  const packFits = (off === 0n && size === 0n) || (off > BigInt(h.blockSize) && off + size <= payload);
  return packFits ? '32pack' : '32pad';
}

/** Parses the sub-header from bytes read at file offset `base` (= block_size). */
export function parseKdumpSubHeader(bytes: Uint8Array, source: string, base: number, h: DiskDumpHeader): KdumpSubHeader {
  const c = new Cursor(bytes, source, base, h.littleEndian);
  const layout = h.layout === 'lp64' ? 'lp64' : choose32(c, h);
  const o = LAYOUTS[layout];
  const v = h.headerVersion;
  const word = (at: number, what: string) => c.seek(at).word(o.word, what);
  const sub: KdumpSubHeader = { physBase: word(0, 'phys_base'), split: false, layout };
  sub.dumpLevel = c.seek(o.word).i32('dump_level');
  if (v >= 2) {
    sub.split = c.i32('split') !== 0;
    sub.startPfn = word(o.start, 'start_pfn');
    sub.endPfn = word(o.end, 'end_pfn');
  }
  if (v >= 3) {
    sub.offsetVmcoreinfo = c.seek(o.offVmci).u64('offset_vmcoreinfo');
    sub.sizeVmcoreinfo = word(o.sizeVmci, 'size_vmcoreinfo');
  }
  if (v >= 4) {
    sub.offsetNote = c.seek(o.offNote).u64('offset_note');
    sub.sizeNote = word(o.sizeNote, 'size_note');
  }
  if (v >= 5) {
    sub.offsetEraseinfo = c.seek(o.offErase).u64('offset_eraseinfo');
    sub.sizeEraseinfo = word(o.sizeErase, 'size_eraseinfo');
  }
  if (v >= 6) {
    c.seek(o.start64);
    const start64 = c.u64('start_pfn_64');
    const end64 = c.u64('end_pfn_64');
    sub.maxMapnr64 = c.u64('max_mapnr_64');
    if (sub.split) {
      sub.startPfn = start64;
      sub.endPfn = end64;
    }
  }
  return sub;
}

/** Size in bytes of the sub-header struct for the given file (for reading exactly it). */
export function kdumpSubHeaderSize(h: DiskDumpHeader): number {
  return h.layout === 'lp64' ? LAYOUTS.lp64.size : LAYOUTS['32pad'].size;
}
