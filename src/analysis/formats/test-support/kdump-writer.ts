// Writes small kdump-compressed ("KDUMP   ") and old "DISKDUMP" files for tests and
// fuzzing, following makedumpfile.c write_kdump_header / write_kdump_pages_cyclic:
// header block, sub-header (+ notes or VMCOREINFO text), 1st and 2nd bitmaps,
// page_desc[], then page data (the shared zero page first when asked). Fields that the
// chosen header_version does not have are filled with 0xEE so that a reader using them
// fails visibly. Also writes makedumpfile's flattened stream (writeFlattened).
import { zlibSync } from 'fflate';
import { compress as snappyCompress } from 'snappyjs';
import type { UtsName } from '../dump-image';
import { lzo1xCompress } from './lzo1x-compress';

export type PageCodecName = 'none' | 'zlib' | 'lzo' | 'snappy' | 'zstd';
export const CODEC_FLAG: Record<PageCodecName, number> = { none: 0, zlib: 0x1, lzo: 0x2, snappy: 0x4, zstd: 0x20 };

export interface KdumpPageSpec {
  /** Plain page contents (defaults to zeros). */
  data?: Uint8Array;
  codec?: PageCodecName;
  /** Exact stored bytes, instead of compressing `data` with `codec`. */
  stored?: Uint8Array;
  /** page_desc.flags (defaults to the codec's flag). */
  flags?: number;
  /** Leave the descriptor zero, as an incomplete dump does. */
  unwritten?: boolean;
}

export interface KdumpWriterOptions {
  signature?: 'KDUMP' | 'DISKDUMP';
  headerVersion?: number;
  /** 'lp64', or a 32-bit producer: i386-packed or ARM-padded sub-header. */
  layout?: 'lp64' | '32pack' | '32pad';
  littleEndian?: boolean;
  blockSize?: number;
  utsname?: Partial<UtsName>;
  timestampSec?: number;
  status?: number;
  maxPfn: number;
  /** [start, end) PFN runs of RAM: the 1st bitmap. */
  ram: [number, number][];
  /** Stored pages: the 2nd bitmap, page_desc[] and data. */
  pages: Map<number, KdumpPageSpec>;
  /** Write one zero page and point every all-zero stored page at it (dump level bit 0). */
  zeroPage?: boolean;
  /** Raw ELF note bytes copied after the sub-header (header_version >= 4). */
  notes?: Uint8Array;
  /** VMCOREINFO text: a note in the copy (>= 4), or bare text for version 3. */
  vmcoreinfo?: string;
  physBase?: bigint;
  dumpLevel?: number;
  /** This file is one part of a split dump holding PFNs [start, end). */
  split?: { start: number; end: number };
  nrCpus?: number;
  currentCpu?: number;
  /** DISKDUMP: tasks[] after the header and the register block at block 1. */
  tasks?: bigint[];
  registerBlock?: Uint8Array;
  /** A single bitmap (old diskdump): bitmap_blocks sized for one. */
  singleBitmap?: boolean;
}

export interface KdumpWritten {
  bytes: Uint8Array;
  ramOffset: number;
  storedOffset: number;
  descOffset: number;
  dataOffset: number;
  /** Per stored PFN: where its descriptor and its data are. */
  pageAt: Map<number, { desc: number; data: number; size: number }>;
}

/** A zstd frame of one RLE block: `size` copies of `byte` (RFC 8878 §3.1.1.2, Block_Type 1). */
export function zstdRleFrame(byte: number, size: number): Uint8Array {
  const bh = 1 | (1 << 1) | (size << 3);
  const fcs = size - 256;
  return Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x60, fcs & 0xff, fcs >> 8, bh & 0xff, (bh >> 8) & 0xff, bh >> 16, byte);
}

function compressPage(codec: PageCodecName, data: Uint8Array): Uint8Array {
  switch (codec) {
    case 'none':
      return data;
    case 'zlib':
      return zlibSync(data);
    case 'snappy':
      return snappyCompress(data);
    case 'lzo':
      return lzo1xCompress(data);
    case 'zstd':
      if (data.every((b) => b === data[0])) return zstdRleFrame(data[0]!, data.length);
      throw new Error('test writer: zstd pages must be uniform or given as `stored`');
  }
}

/** An ELF note (Elf64_Nhdr + name + desc, each padded to 4). */
export function makeNote(name: string, type: number, desc: Uint8Array, littleEndian = true): Uint8Array {
  const pad = (n: number) => (n + 3) & ~3;
  const nameBytes = new TextEncoder().encode(name + '\0');
  const out = new Uint8Array(12 + pad(nameBytes.length) + pad(desc.length));
  const v = new DataView(out.buffer);
  v.setUint32(0, nameBytes.length, littleEndian);
  v.setUint32(4, desc.length, littleEndian);
  v.setUint32(8, type, littleEndian);
  out.set(nameBytes, 12);
  out.set(desc, 12 + pad(nameBytes.length));
  return out;
}

/** Sub-header field offsets: [phys_base, dump_level, split, start, end, off_vmci, size_vmci, off_note, size_note, off_erase, size_erase, start64, end64, max64], word size, struct size. */
const SUB: Record<'lp64' | '32pack' | '32pad', { at: number[]; word: 4 | 8; size: number }> = {
  lp64: { at: [0, 8, 12, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96], word: 8, size: 104 },
  '32pack': { at: [0, 4, 8, 12, 16, 20, 28, 32, 40, 44, 52, 56, 64, 72], word: 4, size: 80 },
  '32pad': { at: [0, 4, 8, 12, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88], word: 4, size: 96 },
};
/** header_version that introduced each sub-header field (same order as SUB.at). */
const SINCE = [1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6];

export function writeKdump(o: KdumpWriterOptions): KdumpWritten {
  const bs = o.blockSize ?? 4096;
  const le = o.littleEndian ?? true;
  const layout = o.layout ?? 'lp64';
  const lp64 = layout === 'lp64';
  const version = o.headerVersion ?? 6;
  const diskdump = o.signature === 'DISKDUMP';
  const sub = SUB[layout];
  const range = o.split ?? { start: 0, end: o.maxPfn };

  // Notes: the copy (+ a VMCOREINFO note) from version 4; bare VMCOREINFO text for version 3.
  const enc = new TextEncoder();
  let noteBytes = o.notes ?? new Uint8Array(0);
  let vmciOffsetInBlob = -1;
  let vmciSize = 0;
  if (o.vmcoreinfo !== undefined) {
    const text = enc.encode(o.vmcoreinfo);
    vmciSize = text.length;
    if (version >= 4) {
      const note = makeNote('VMCOREINFO', 0, text, le);
      vmciOffsetInBlob = noteBytes.length + 12 + 12; // Nhdr + "VMCOREINFO\0" padded to 12
      noteBytes = Uint8Array.from([...noteBytes, ...note]);
    } else {
      vmciOffsetInBlob = 0;
      noteBytes = text;
    }
  }
  const blobAt = bs + sub.size;
  const subHdrSize = diskdump ? 1 : Math.max(1, Math.ceil((sub.size + noteBytes.length) / bs));
  const halfBlocks = Math.ceil(Math.ceil(o.maxPfn / 8) / bs);
  const bitmapBlocks = o.singleBitmap ? halfBlocks : 2 * halfBlocks;
  const ramOffset = (1 + subHdrSize) * bs;
  const storedOffset = o.singleBitmap ? ramOffset : ramOffset + halfBlocks * bs;
  const descOffset = ramOffset + bitmapBlocks * bs;

  const stored = [...o.pages.keys()].filter((p) => p >= range.start && p < range.end).sort((a, b) => a - b);
  const dataOffset = descOffset + stored.length * 24;
  const chunks: Uint8Array[] = [];
  let dataEnd = dataOffset;
  let zeroAt = -1;
  if (o.zeroPage) {
    zeroAt = dataEnd;
    chunks.push(new Uint8Array(bs));
    dataEnd += bs;
  }
  const pageAt = new Map<number, { desc: number; data: number; size: number }>();
  const descs: { offset: number; size: number; flags: number }[] = [];
  for (const pfn of stored) {
    const spec = o.pages.get(pfn)!;
    const data = spec.data ?? new Uint8Array(bs);
    const desc = descOffset + descs.length * 24;
    if (spec.unwritten) {
      descs.push({ offset: 0, size: 0, flags: 0 });
      pageAt.set(pfn, { desc, data: 0, size: 0 });
      continue;
    }
    if (zeroAt >= 0 && !spec.stored && data.every((b) => b === 0)) {
      descs.push({ offset: zeroAt, size: bs, flags: 0 });
      pageAt.set(pfn, { desc, data: zeroAt, size: bs });
      continue;
    }
    const codec = spec.codec ?? 'none';
    const bytes = spec.stored ?? compressPage(codec, data);
    descs.push({ offset: dataEnd, size: bytes.length, flags: spec.flags ?? CODEC_FLAG[codec] });
    pageAt.set(pfn, { desc, data: dataEnd, size: bytes.length });
    chunks.push(bytes);
    dataEnd += bytes.length;
  }

  const out = new Uint8Array(dataEnd);
  const v = new DataView(out.buffer);
  const u32 = (at: number, x: number) => v.setUint32(at, x >>> 0, le);
  const u64 = (at: number, x: bigint) => v.setBigUint64(at, BigInt.asUintN(64, x), le);
  const word = (at: number, x: bigint, size: 4 | 8) => (size === 8 ? u64(at, x) : u32(at, Number(BigInt.asUintN(32, x))));

  // disk_dump_header
  out.set(enc.encode(diskdump ? 'DISKDUMP' : 'KDUMP   '), 0);
  u32(8, version);
  const u = { sysname: 'Linux', nodename: 'test', release: '6.1.0-test', version: '#1 SMP', machine: lp64 ? 'x86_64' : 'i686', domainname: '(none)', ...o.utsname };
  [u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname].forEach((s, i) => out.set(enc.encode(s).subarray(0, 64), 12 + 65 * i));
  let at = lp64 ? 408 : 404;
  if (lp64) {
    u64(at, BigInt(o.timestampSec ?? 1700000000));
    u64(at + 8, 123456n);
    at += 16;
  } else {
    u32(at, o.timestampSec ?? 1700000000);
    u32(at + 4, 123456);
    at += 8;
  }
  const ptr = lp64 ? 8 : 4;
  const nrCpus = o.nrCpus ?? (o.tasks?.length || 1);
  [o.status ?? 0, bs, subHdrSize, bitmapBlocks, Math.min(o.maxPfn, 0xffffffff), 0, 0, 0, o.currentCpu ?? 0, nrCpus].forEach((x, i) => u32(at + 4 * i, x));
  const headerEnd = at + 40;
  (o.tasks ?? []).forEach((t, i) => word(headerEnd + ptr * i, t, ptr));

  if (diskdump) {
    if (o.registerBlock) out.set(o.registerBlock.subarray(0, bs), bs);
  } else {
    // kdump_sub_header: fields the version lacks are 0xEE.
    out.fill(0xee, bs, bs + sub.size);
    const values: bigint[] = [
      o.physBase ?? 0x1000000n,
      BigInt(o.dumpLevel ?? 31),
      o.split ? 1n : 0n,
      BigInt(range.start),
      BigInt(range.end),
      vmciOffsetInBlob >= 0 ? BigInt(blobAt + vmciOffsetInBlob) : 0n,
      BigInt(vmciSize),
      noteBytes.length && version >= 4 ? BigInt(blobAt) : 0n,
      BigInt(version >= 4 ? noteBytes.length : 0),
      0n,
      0n,
      BigInt(range.start),
      BigInt(range.end),
      BigInt(o.maxPfn),
    ];
    values.forEach((x, i) => {
      if (version < SINCE[i]!) return;
      const off = bs + sub.at[i]!;
      const size: 4 | 8 = i === 1 || i === 2 ? 4 : [5, 7, 9].includes(i) || i >= 11 ? 8 : sub.word;
      if (size === 4 && (i === 1 || i === 2)) v.setInt32(off, Number(x), le);
      else word(off, x, size);
    });
    out.set(noteBytes, blobAt);
  }

  // Bitmaps: bit p & 7 of byte p >> 3.
  const setBit = (base: number, pfn: number) => (out[base + (pfn >> 3)]! |= 1 << (pfn & 7));
  // A single bitmap (old diskdump) marks stored pages only.
  if (!o.singleBitmap) for (const [s, e] of o.ram) for (let p = s; p < e; p++) setBit(ramOffset, p);
  for (const p of o.pages.keys()) setBit(storedOffset, p);

  descs.forEach((d, i) => {
    const a = descOffset + 24 * i;
    u64(a, BigInt(d.offset));
    u32(a + 8, d.size);
    u32(a + 12, d.flags);
  });
  let pos = dataOffset;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return { bytes: out, ramOffset, storedOffset, descOffset, dataOffset, pageAt };
}

/** One record of makedumpfile's flattened stream: bytes [offset, offset + size) of the file. */
export interface FlatRecord {
  offset: number;
  size: number;
  /** Data to place instead of the file's own bytes (to test overwrites). */
  data?: Uint8Array;
}

/**
 * makedumpfile -F output for `file`: the 4096-byte header ("makedumpfile", type 1,
 * version 1, big endian), the records in the given order, and the end marker unless
 * `endMarker` is false. Without records, the file is cut into `chunk`-byte records.
 */
export function writeFlattened(file: Uint8Array, opts: { records?: FlatRecord[]; chunk?: number; endMarker?: boolean } = {}): Uint8Array {
  const chunk = opts.chunk ?? 1000;
  const records = opts.records ?? [];
  if (!opts.records) for (let o = 0; o < file.length; o += chunk) records.push({ offset: o, size: Math.min(chunk, file.length - o) });
  const parts: Uint8Array[] = [];
  const head = new Uint8Array(4096);
  head.set(new TextEncoder().encode('makedumpfile'), 0);
  const hv = new DataView(head.buffer);
  hv.setBigInt64(16, 1n, false);
  hv.setBigInt64(24, 1n, false);
  parts.push(head);
  const rec = (offset: bigint, size: bigint) => {
    const h = new Uint8Array(16);
    const dv = new DataView(h.buffer);
    dv.setBigInt64(0, offset, false);
    dv.setBigInt64(8, size, false);
    return h;
  };
  for (const r of records) {
    parts.push(rec(BigInt(r.offset), BigInt(r.size)));
    parts.push(r.data ?? file.subarray(r.offset, r.offset + r.size));
  }
  if (opts.endMarker !== false) parts.push(rec(-1n, -1n));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
