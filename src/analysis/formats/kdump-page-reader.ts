// Reads stored pages through the page_desc table of a kdump-compressed file:
// page_desc_t { i64 offset; u32 size; u32 flags; u64 page_flags } (24 bytes, makedumpfile
// diskdump_mod.h), one per stored page in PFN order, starting at block
// 1 + sub_hdr_size + bitmap_blocks (crash diskdump.c dd->data_offset). Descriptors are read
// one by one through the source (its block cache keeps neighbours), never as a table.
// A descriptor with offset 0 was never written (incomplete dump, crash cache_page
// PAGE_INCOMPLETE); size above the block size is corrupt (crash cache_page sanity check).
// Any problem with one page is a PageFault for that page only; the image turns it into a
// FaultError at the first byte the caller asked for.
import { Cursor } from '../binary/cursor';
import { CodecError } from '../codecs/codec-error';
import { codecOfFlags, decompressPage, initCodecs } from '../codecs/page-codec';
import { formatOffset, type FaultReason } from '../errors';
import type { ByteSource } from '../io/byte-source';

export const PAGE_DESC_SIZE = 24;
/** Decoded pages kept for repeated small reads (structure walks hit the same pages). */
const DECODED_CACHE_PAGES = 64;

/** Why one stored page cannot be read. */
export class PageFault extends Error {
  constructor(
    readonly reason: Extract<FaultReason, 'incomplete' | 'unreadable'>,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface PageDesc {
  offset: bigint;
  size: number;
  flags: number;
  pageFlags: bigint;
}

export class KdumpPageReader {
  private readonly decoded = new Map<number, Promise<Uint8Array>>();

  constructor(
    private readonly src: ByteSource,
    /** File offset of page_desc[0]. */
    readonly descOffset: number,
    readonly pageSize: number,
    readonly littleEndian: boolean,
    /** True when the header says the dump is incomplete (DUMP_DH_COMPRESSED_INCOMPLETE). */
    private readonly incompleteDump: boolean,
  ) {}

  async readDesc(index: number): Promise<PageDesc> {
    const at = this.descOffset + index * PAGE_DESC_SIZE;
    const bytes = await this.src.read(at, PAGE_DESC_SIZE);
    if (bytes.length < PAGE_DESC_SIZE) {
      throw new PageFault(
        this.incompleteDump ? 'incomplete' : 'unreadable',
        `page_desc[${index}] at ${this.src.name} offset ${formatOffset(at)} lies past the end of the file`,
      );
    }
    const c = new Cursor(bytes, this.src.name, at, this.littleEndian);
    return { offset: c.i64('page_desc.offset'), size: c.u32('page_desc.size'), flags: c.u32('page_desc.flags'), pageFlags: c.u64('page_desc.page_flags') };
  }

  /** The decoded page `pfn` whose descriptor is page_desc[index]. */
  readPage(pfn: number, index: number): Promise<Uint8Array> {
    const hit = this.decoded.get(pfn);
    if (hit) {
      this.decoded.delete(pfn);
      this.decoded.set(pfn, hit);
      return hit;
    }
    const p = this.load(index);
    this.decoded.set(pfn, p);
    p.catch(() => this.decoded.delete(pfn));
    if (this.decoded.size > DECODED_CACHE_PAGES) this.decoded.delete(this.decoded.keys().next().value!);
    return p;
  }

  private async load(index: number): Promise<Uint8Array> {
    const d = await this.readDesc(index);
    const where = `page_desc[${index}] at ${this.src.name} offset ${formatOffset(this.descOffset + index * PAGE_DESC_SIZE)}`;
    if (d.offset === 0n) {
      throw new PageFault('incomplete', `${where} was never written (offset 0)`);
    }
    if (d.offset < 0n || d.offset > BigInt(Number.MAX_SAFE_INTEGER) || d.size === 0 || d.size > this.pageSize) {
      throw new PageFault('unreadable', `${where} has offset ${d.offset} size ${d.size}`);
    }
    const off = Number(d.offset);
    const data = await this.src.read(off, d.size);
    if (data.length < d.size) {
      throw new PageFault(
        this.incompleteDump ? 'incomplete' : 'unreadable',
        `${where}: its ${d.size} bytes at ${formatOffset(off)} run past the end of the file`,
      );
    }
    if (codecOfFlags(d.flags) === 'zstd') await initCodecs(); // once, at the first zstd page
    try {
      return decompressPage(d.flags, data, this.pageSize);
    } catch (e) {
      if (!(e instanceof CodecError)) throw e;
      throw new PageFault('unreadable', `${where}: ${codecOfFlags(d.flags)} data at ${formatOffset(off)}: ${e.reason}`);
    }
  }
}
