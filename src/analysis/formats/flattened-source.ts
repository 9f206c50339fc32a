// makedumpfile's flattened format (makedumpfile -F, written for streaming over ssh; QEMU
// 7.2's kdump output too): a 4096-byte header { char signature[16] = "makedumpfile";
// i64 type = 1; i64 version = 1 }, then records { i64 offset; i64 buf_size; buf_size
// bytes } that place data at `offset` of the file being rebuilt, ended by offset =
// buf_size = -1. All header integers are big endian (makedumpfile.h makedumpfile_header,
// makedumpfile_data_header; makedumpfile.c write_buffer, rearrange_dumpdata).
//
// FlattenedSource serves the rebuilt file without rebuilding it. Records are indexed
// lazily: a read scans further record headers only until every byte it asks for is
// covered (or the stream ends). Later records win over earlier ones (libkdumpfile
// flatmap.c); if a later record rewrites bytes that a read may already have been served
// from an earlier record (tracked per 1 MiB as the hull of the ranges served), a warning
// says so. Bytes no record wrote read as zeros, which is only known once the whole
// stream is indexed; `size` is an upper bound until then and exact afterwards.
// Index memory: 24 bytes per record plus one entry per record per 1 MiB it spans.
import { Cursor } from '../binary/cursor';
import { BadDataError, CancelledError, formatOffset, type Warning } from '../errors';
import { readExact, type ByteSource } from '../io/byte-source';
import type { OpenOptions } from './dump-image';

export const MDF_HEADER_SIZE = 4096;
const SIGNATURE = 'makedumpfile';
const TYPE_FLAT_HEADER = 1n;
const RECORD_HEADER = 16;
/** Bytes read at once while scanning record headers. */
const SCAN_WINDOW = 4096;
const BUCKET_SHIFT = 20;
const BUCKET = 2 ** BUCKET_SHIFT;
const MAX_OVERLAP_WARNINGS = 20;
/** Progress is reported every this many bytes of the flat file scanned. */
const PROGRESS_STEP = 4 << 20;

/** True when `head` starts with the flattened header: "makedumpfile\0…" and type 1 (big endian). */
export function sniffFlattened(head: Uint8Array): boolean {
  if (head.length < 24) return false;
  for (let i = 0; i < SIGNATURE.length; i++) if (head[i] !== SIGNATURE.charCodeAt(i)) return false;
  if (head[SIGNATURE.length] !== 0) return false;
  return new DataView(head.buffer, head.byteOffset + 16, 8).getBigInt64(0, false) === TYPE_FLAT_HEADER;
}

export class FlattenedSource implements ByteSource {
  readonly name: string;
  /** Problems found while indexing; an image opened on this source shares this list. */
  readonly warnings: Warning[] = [];
  /** Records in stream order: rebuilt-file offset, size, and position of the data in the flat file. */
  private recOffset: number[] = [];
  private recSize: number[] = [];
  private recData: number[] = [];
  /** 1 MiB bucket of the rebuilt file → indices of the records touching it. */
  private readonly buckets = new Map<number, number[]>();
  /** 1 MiB bucket → hull [lo, hi) of the ranges served from it. */
  private readonly served = new Map<number, [number, number]>();
  private scanPos = MDF_HEADER_SIZE;
  private done = false;
  private headerChecked = false;
  private maxEnd = 0;
  private overlapWarnings = 0;
  private reportedPos = 0;
  private scanning: Promise<void> | null = null;

  constructor(
    private readonly inner: ByteSource,
    private readonly opts: OpenOptions = {},
  ) {
    this.name = inner.name;
  }

  /** Exact size of the rebuilt file once fully indexed; until then an upper bound. */
  get size(): number {
    return this.done ? this.maxEnd : Number.MAX_SAFE_INTEGER;
  }

  get indexed(): boolean {
    return this.done;
  }

  get recordCount(): number {
    return this.recOffset.length;
  }

  /** Indexes every record (gives the exact size). */
  async indexAll(): Promise<void> {
    while (!this.done) await this.scanStep();
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (length <= 0 || offset < 0) return new Uint8Array(0);
    let end = offset + length;
    while (!this.done && !this.covered(offset, end)) await this.scanStep();
    if (this.done) end = Math.min(end, this.maxEnd);
    if (end <= offset) return new Uint8Array(0);
    const recs = this.recordsIn(offset, end);
    for (let b = Math.floor(offset / BUCKET); b <= Math.floor((end - 1) / BUCKET); b++) {
      const hull = this.served.get(b);
      this.served.set(b, hull ? [Math.min(hull[0], offset), Math.max(hull[1], end)] : [offset, end]);
    }
    // One record covering the whole range, and no later one overlapping it: a direct read.
    if (recs.length === 1) {
      const r = recs[0]!;
      if (this.recOffset[r]! <= offset && this.recOffset[r]! + this.recSize[r]! >= end) {
        return readExact(this.inner, this.recData[r]! + offset - this.recOffset[r]!, end - offset, 'flattened record data');
      }
    }
    const out = new Uint8Array(end - offset);
    const parts = await Promise.all(
      recs.map((r) => {
        const from = Math.max(offset, this.recOffset[r]!);
        const to = Math.min(end, this.recOffset[r]! + this.recSize[r]!);
        return readExact(this.inner, this.recData[r]! + from - this.recOffset[r]!, to - from, 'flattened record data').then((b) => [from, b] as const);
      }),
    );
    // Stream order: later records overwrite earlier ones.
    for (const [from, bytes] of parts) out.set(bytes, from - offset);
    return out;
  }

  /** Indices (ascending = stream order) of the records overlapping [from, to). */
  private recordsIn(from: number, to: number): number[] {
    const seen = new Set<number>();
    for (let b = Math.floor(from / BUCKET); b <= Math.floor((to - 1) / BUCKET); b++) {
      for (const r of this.buckets.get(b) ?? []) {
        if (this.recOffset[r]! < to && this.recOffset[r]! + this.recSize[r]! > from) seen.add(r);
      }
    }
    return [...seen].sort((a, b) => a - b);
  }

  private covered(from: number, to: number): boolean {
    const spans = this.recordsIn(from, to)
      .map((r) => [this.recOffset[r]!, this.recOffset[r]! + this.recSize[r]!] as const)
      .sort((a, b) => a[0] - b[0]);
    let reached = from;
    for (const [s, e] of spans) {
      if (s > reached) return false;
      reached = Math.max(reached, e);
      if (reached >= to) return true;
    }
    return reached >= to;
  }

  /** One scanning step; concurrent readers share it. Every step advances or ends the scan. */
  private scanStep(): Promise<void> {
    this.scanning ??= this.scanWindow().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private async checkHeader(): Promise<void> {
    const head = await this.inner.read(0, MDF_HEADER_SIZE);
    if (!sniffFlattened(head)) {
      throw new BadDataError(this.name, 0, 'the flattened-format header "makedumpfile\\0" with type 1 (big endian)');
    }
    const version = new DataView(head.buffer, head.byteOffset + 24, 8).getBigInt64(0, false);
    if (version !== 1n) this.warn('FLAT_VERSION', `flattened format version ${version} (expected 1); reading it as version 1`);
    this.headerChecked = true;
  }

  private async scanWindow(): Promise<void> {
    if (this.opts.signal?.aborted) throw new CancelledError();
    if (!this.headerChecked) await this.checkHeader();
    const win = await this.inner.read(this.scanPos, SCAN_WINDOW);
    const c = new Cursor(win, this.name, this.scanPos, false);
    // At least one header per step, unless the stream ends.
    do {
      if (c.remaining < RECORD_HEADER) {
        if (c.pos === 0) return this.finish(win.length === 0 ? 'no end marker (offset = size = -1): the stream may be truncated' : `a truncated record header at ${formatOffset(c.fileOffset)}`);
        break;
      }
      const at = c.fileOffset;
      const off = c.i64('record offset');
      const size = c.i64('record buf_size');
      if (off === -1n && size === -1n) return this.finish(null);
      if (off < 0n || size <= 0n || off + size > BigInt(Number.MAX_SAFE_INTEGER)) {
        return this.finish(`record header at ${formatOffset(at)} has offset ${off} and size ${size}; indexing stops there`);
      }
      const data = at + RECORD_HEADER;
      let n = Number(size);
      const avail = this.inner.size - data;
      if (n > avail) {
        this.addRecord(Number(off), Math.max(0, avail), data);
        return this.finish(`record at ${formatOffset(at)} claims ${n} bytes but only ${Math.max(0, avail)} remain in the file`);
      }
      this.addRecord(Number(off), n, data);
      this.scanPos = data + n;
      n = this.scanPos - c.base;
      if (n > win.length) break;
      c.seek(n);
    } while (c.remaining > 0);
    if (this.scanPos - this.reportedPos >= PROGRESS_STEP) {
      this.reportedPos = this.scanPos;
      this.opts.onProgress?.('indexing flattened file', this.scanPos, this.inner.size);
    }
  }

  private finish(problem: string | null): void {
    if (problem) this.warn('FLAT_TRUNCATED', problem);
    this.done = true;
    this.opts.onProgress?.('indexing flattened file', this.inner.size, this.inner.size);
  }

  private addRecord(offset: number, size: number, data: number): void {
    if (size === 0) return;
    const r = this.recOffset.length;
    const end = offset + size;
    let rewritesServed = false;
    for (let b = Math.floor(offset / BUCKET); b <= Math.floor((end - 1) / BUCKET); b++) {
      let list = this.buckets.get(b);
      if (!list) this.buckets.set(b, (list = []));
      const hull = this.served.get(b);
      if (hull && !rewritesServed) {
        // Bytes both an earlier record and this one write, inside what was served.
        rewritesServed = list.some((o) => {
          const lo = Math.max(this.recOffset[o]!, offset, hull[0]);
          const hi = Math.min(this.recOffset[o]! + this.recSize[o]!, end, hull[1]);
          return lo < hi;
        });
      }
      list.push(r);
    }
    this.recOffset.push(offset);
    this.recSize.push(size);
    this.recData.push(data);
    this.maxEnd = Math.max(this.maxEnd, end);
    if (rewritesServed) {
      this.overlapWarnings++;
      if (this.overlapWarnings <= MAX_OVERLAP_WARNINGS) {
        this.warn(
          'FLAT_REWRITE',
          `record at ${formatOffset(data - RECORD_HEADER)} rewrites [${formatOffset(offset)}, ${formatOffset(end)}) after reads near it were served from an earlier record; those reads may have returned stale bytes`,
        );
      }
    }
  }

  private warn(code: string, message: string): void {
    this.warnings.push({ code, message: `${this.name}: ${message}` });
  }
}
