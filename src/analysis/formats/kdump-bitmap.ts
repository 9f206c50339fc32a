// The two page bitmaps of a kdump-compressed file (makedumpfile IMPLEMENTATION):
// 1st bitmap: 1 = the PFN is RAM (not a hole); 2nd bitmap: 1 = the page is stored, and its
// page_desc is the next one in PFN order. Bit for PFN p = byte p >> 3, bit p & 7
// (crash diskdump.c page_is_dumpable). A split part counts only PFNs in its
// [start_pfn, end_pfn) (crash pfn_to_pos; libkdumpfile read_bitmap).
//
// Opening scans both bitmaps once, in chunks, and keeps a compact summary: RAM runs
// (physRanges), per 4096-PFN bucket a prefix count of stored pages (crash's valid_pages[]
// idea), whether the bucket stores none / all of its RAM pages, and the 512 bitmap bytes
// of "mixed" buckets only. Memory: 9 bytes per bucket (36 KiB for 64 GiB of RAM) plus
// 512 bytes per mixed bucket (at most the size of the 2nd bitmap: 2 MiB for 64 GiB).
// Every later question (state of a PFN, index of its descriptor) is answered in memory.
import { CancelledError } from '../errors';
import { readExact, type ByteSource } from '../io/byte-source';
import type { OpenOptions } from './dump-image';

export const PFNS_PER_BUCKET = 4096;
const BUCKET_BYTES = PFNS_PER_BUCKET / 8;
/** Buckets read per chunk: 64 KiB of each bitmap, 512 Ki PFNs. */
const CHUNK_BUCKETS = 128;

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

const NONE = 0;
const ALL_RAM = 1;
const MIXED = 2;

export interface BitmapLayout {
  /** File offset of the 1st (RAM) bitmap. */
  ramOffset: number;
  /** File offset of the 2nd (stored pages) bitmap; equal to ramOffset for a single bitmap. */
  storedOffset: number;
  /** PFN range accounted for by this file: [0, max_mapnr), or a split part's range. */
  startPfn: number;
  endPfn: number;
}

function popcount(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) n += POPCOUNT[bytes[i]!]!;
  return n;
}

/** Clears the bits of PFNs outside [lo, hi) in a bucket copy whose first PFN is `base`. */
function maskBucket(bits: Uint8Array, base: number, lo: number, hi: number): Uint8Array {
  const out = bits.slice();
  for (let i = 0; i < out.length; i++) {
    for (let b = 0; b < 8; b++) {
      const pfn = base + i * 8 + b;
      if (pfn < lo || pfn >= hi) out[i]! &= ~(1 << b);
    }
  }
  return out;
}

export class KdumpBitmaps {
  /** RAM runs as [start, end) PFN pairs, sorted and merged. */
  private readonly runs: number[] = [];
  private readonly firstBucket: number;
  private readonly prefix: Float64Array;
  private readonly kind: Uint8Array;
  private readonly mixed = new Map<number, Uint8Array>();
  excludedPages = 0;

  private constructor(readonly layout: BitmapLayout) {
    this.firstBucket = Math.floor(layout.startPfn / PFNS_PER_BUCKET);
    const buckets = Math.max(0, Math.ceil(layout.endPfn / PFNS_PER_BUCKET) - this.firstBucket);
    this.prefix = new Float64Array(buckets + 1);
    this.kind = new Uint8Array(buckets);
  }

  /** Reads both bitmaps chunk by chunk (BadDataError if they run past the end of the file). */
  static async scan(src: ByteSource, layout: BitmapLayout, opts: OpenOptions = {}): Promise<KdumpBitmaps> {
    const bm = new KdumpBitmaps(layout);
    const nBuckets = bm.kind.length;
    const single = layout.ramOffset === layout.storedOffset;
    for (let b0 = 0; b0 < nBuckets; b0 += CHUNK_BUCKETS) {
      if (opts.signal?.aborted) throw new CancelledError();
      const nb = Math.min(CHUNK_BUCKETS, nBuckets - b0);
      const byteStart = (bm.firstBucket + b0) * BUCKET_BYTES;
      // The last bucket may be cut short by the end of the PFN range.
      const byteEnd = Math.min(byteStart + nb * BUCKET_BYTES, Math.ceil(layout.endPfn / 8));
      const len = byteEnd - byteStart;
      const [ram, stored] = await Promise.all([
        readExact(src, layout.ramOffset + byteStart, len, '1st bitmap (RAM pages)'),
        single ? null : readExact(src, layout.storedOffset + byteStart, len, '2nd bitmap (stored pages)'),
      ]);
      for (let i = 0; i < nb; i++) {
        const from = i * BUCKET_BYTES;
        const to = Math.min(from + BUCKET_BYTES, len);
        bm.addBucket(b0 + i, ram.subarray(from, to), (stored ?? ram).subarray(from, to));
      }
      opts.onProgress?.('reading kdump bitmaps', b0 + nb, nBuckets);
    }
    return bm;
  }

  private addBucket(b: number, ramBits: Uint8Array, storedBits: Uint8Array): void {
    const base = (this.firstBucket + b) * PFNS_PER_BUCKET;
    const { startPfn, endPfn } = this.layout;
    if (base < startPfn || base + PFNS_PER_BUCKET > endPfn) {
      ramBits = maskBucket(ramBits, base, startPfn, endPfn);
      storedBits = maskBucket(storedBits, base, startPfn, endPfn);
    }
    const stored = popcount(storedBits);
    this.prefix[b + 1] = this.prefix[b]! + stored;
    let same = ramBits.length === storedBits.length;
    for (let i = 0; i < ramBits.length; i++) {
      const r = ramBits[i]!;
      const s = storedBits[i]!;
      if (r !== s) {
        same = false;
        this.excludedPages += POPCOUNT[r & ~s & 0xff]!;
      }
    }
    if (stored === 0) this.kind[b] = NONE;
    else if (same) this.kind[b] = ALL_RAM;
    else {
      this.kind[b] = MIXED;
      this.mixed.set(b, storedBits.slice());
    }
    this.addRuns(base, ramBits);
  }

  private addRuns(base: number, bits: Uint8Array): void {
    const runs = this.runs;
    const extend = (from: number, to: number) => {
      if (runs.length > 0 && runs[runs.length - 1] === from) runs[runs.length - 1] = to;
      else runs.push(from, to);
    };
    for (let i = 0; i < bits.length; i++) {
      const x = bits[i]!;
      if (x === 0) continue;
      const p = base + i * 8;
      if (x === 0xff) {
        extend(p, p + 8);
        continue;
      }
      for (let b = 0; b < 8; b++) if (x & (1 << b)) extend(p + b, p + b + 1);
    }
  }

  /** RAM runs as [start, end) PFN pairs. */
  get ramRuns(): readonly number[] {
    return this.runs;
  }

  get storedPages(): number {
    return this.prefix[this.prefix.length - 1]!;
  }

  inRange(pfn: number): boolean {
    return pfn >= this.layout.startPfn && pfn < this.layout.endPfn;
  }

  /** Index of the first run whose end is above pfn. */
  private runAfter(pfn: number): number {
    let lo = 0;
    let hi = this.runs.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.runs[2 * mid + 1]! <= pfn) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  isRam(pfn: number): boolean {
    if (!this.inRange(pfn)) return false;
    const i = this.runAfter(pfn);
    return i < this.runs.length / 2 && this.runs[2 * i]! <= pfn;
  }

  isStored(pfn: number): boolean {
    if (!this.inRange(pfn)) return false;
    const b = Math.floor(pfn / PFNS_PER_BUCKET) - this.firstBucket;
    switch (this.kind[b]) {
      case ALL_RAM:
        return this.isRam(pfn);
      case MIXED: {
        const off = pfn - (this.firstBucket + b) * PFNS_PER_BUCKET;
        return (this.mixed.get(b)![off >> 3]! & (1 << (off & 7))) !== 0;
      }
      default:
        return false;
    }
  }

  /** RAM PFNs in [from, to). */
  private ramBetween(from: number, to: number): number {
    let n = 0;
    for (let i = this.runAfter(from); i < this.runs.length / 2 && this.runs[2 * i]! < to; i++) {
      n += Math.min(to, this.runs[2 * i + 1]!) - Math.max(from, this.runs[2 * i]!);
    }
    return n;
  }

  /** Index into page_desc[] of a stored PFN: stored pages before it in this file's range. */
  descIndex(pfn: number): number {
    const b = Math.floor(pfn / PFNS_PER_BUCKET) - this.firstBucket;
    const base = (this.firstBucket + b) * PFNS_PER_BUCKET;
    let n = this.prefix[b]!;
    if (this.kind[b] === ALL_RAM) n += this.ramBetween(Math.max(base, this.layout.startPfn), pfn);
    else if (this.kind[b] === MIXED) {
      const bits = this.mixed.get(b)!;
      const off = pfn - base;
      n += popcount(bits.subarray(0, off >> 3));
      n += POPCOUNT[bits[off >> 3]! & ((1 << (off & 7)) - 1)]!;
    }
    return n;
  }

  /** Bytes held in memory by this summary (for reporting). */
  get memoryBytes(): number {
    return this.prefix.byteLength + this.kind.byteLength + this.mixed.size * BUCKET_BYTES + this.runs.length * 8;
  }
}
