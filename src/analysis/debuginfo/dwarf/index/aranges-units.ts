// The .debug_info offsets of the compile units .debug_aranges names (DWARF 5 §6.1.2: a
// set per unit, headed by unit_length, version 2, debug_info_offset). The index uses them
// only as candidate places to cut .debug_info (chunk-cuts.ts), so that the calling thread
// need not read every unit header; each chunk's scan checks that its units tile it.
import type { SectionLocation } from '../sections';
import type { SyncReader } from '../sync-reader';

/** Sections larger than this are not read for candidates (the header walk cuts instead). */
const MAX_ARANGES_BYTES = 32 << 20;

/**
 * Sorted distinct unit offsets below `infoSize` named by the sets of .debug_aranges at
 * `loc`; the walk stops at the first set it cannot read (bad length or version).
 */
export function arangesUnitOffsets(
  reader: SyncReader,
  loc: SectionLocation,
  infoSize: number,
  littleEndian = true,
): number[] {
  if (loc.size > MAX_ARANGES_BYTES) return [];
  const bytes = reader.readSync(loc.fileOffset, loc.size);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const offsets: number[] = [];
  for (let pos = 0; pos + 4 <= bytes.length;) {
    let length = v.getUint32(pos, littleEndian);
    let headerBytes = 4;
    let offsetSize = 4;
    if (length === 0xffffffff) {
      if (pos + 12 > bytes.length) break;
      const l64 = v.getBigUint64(pos + 4, littleEndian);
      if (l64 > BigInt(bytes.length)) break;
      length = Number(l64);
      headerBytes = 12;
      offsetSize = 8;
    }
    const body = pos + headerBytes;
    if (length < 2 + offsetSize || body + length > bytes.length) break;
    if (v.getUint16(body, littleEndian) !== 2) break; // .debug_aranges version
    const off =
      offsetSize === 8
        ? Number(v.getBigUint64(body + 2, littleEndian))
        : v.getUint32(body + 2, littleEndian);
    if (off < infoSize) offsets.push(off);
    pos = body + length;
  }
  offsets.sort((a, b) => a - b);
  return offsets.filter((o, i) => i === 0 || o !== offsets[i - 1]);
}
