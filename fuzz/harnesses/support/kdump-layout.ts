// Where the parts of a kdump-compressed file are, read independently of the parser under
// test (makedumpfile diskdump_mod.h, LP64): disk_dump_header in block 0 (status @424,
// block_size @428, sub_hdr_size @432, bitmap_blocks @436, max_mapnr @440), the
// kdump_sub_header in block 1 (offset_note @48, size_note @56), then the bitmaps, the
// page_desc table {i64 offset; u32 size; u32 flags; u64 page_flags} and the page data.
import type { ByteSource } from '../../../src/analysis/io/byte-source';

export interface KdumpLayout {
  blockSize: number;
  subHeader: { offset: number; size: number };
  notes: { offset: number; size: number } | null;
  bitmaps: { offset: number; size: number };
  pageDescs: { offset: number; count: number };
  /** The first stored pages: descriptor file offset, data offset, size, flags. */
  pages: { descAt: number; offset: number; size: number; flags: number }[];
}

export const PAGE_DESC_SIZE = 24;

/** Layout of a kdump file (not flattened), or null when the header is not "KDUMP   ". */
export async function kdumpLayout(src: ByteSource, samplePages = 16): Promise<KdumpLayout | null> {
  const h = await src.read(0, 464);
  if (h.length < 464 || new TextDecoder().decode(h.subarray(0, 8)) !== 'KDUMP   ') return null;
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const blockSize = v.getInt32(428, true);
  const subHdrSize = v.getInt32(432, true);
  const bitmapBlocks = v.getUint32(436, true);
  const sub = await src.read(blockSize, 64);
  const sv = new DataView(sub.buffer, sub.byteOffset, sub.byteLength);
  const noteOff = Number(sv.getBigUint64(48, true));
  const noteSize = Number(sv.getBigUint64(56, true));
  const bitmaps = { offset: (1 + subHdrSize) * blockSize, size: bitmapBlocks * blockSize };
  // Stored pages = set bits of the second bitmap half.
  const half = await src.read(bitmaps.offset + bitmaps.size / 2, bitmaps.size / 2);
  let count = 0;
  for (const b of half) for (let x = b; x; x &= x - 1) count++;
  const pdOff = bitmaps.offset + bitmaps.size;
  const pages: KdumpLayout['pages'] = [];
  const descs = await src.read(pdOff, Math.min(count, samplePages) * PAGE_DESC_SIZE);
  const dv = new DataView(descs.buffer, descs.byteOffset, descs.byteLength);
  for (let at = 0; at + PAGE_DESC_SIZE <= descs.length; at += PAGE_DESC_SIZE) {
    pages.push({ descAt: pdOff + at, offset: Number(dv.getBigInt64(at, true)), size: dv.getUint32(at + 8, true), flags: dv.getUint32(at + 12, true) });
  }
  return {
    blockSize,
    subHeader: { offset: blockSize, size: subHdrSize * blockSize },
    notes: noteSize > 0 ? { offset: noteOff, size: noteSize } : null,
    bitmaps,
    pageDescs: { offset: pdOff, count },
    pages,
  };
}
