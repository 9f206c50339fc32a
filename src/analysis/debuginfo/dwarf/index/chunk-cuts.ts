// Where the index cuts .debug_info into chunks of whole units for its lanes: by walking
// the unit headers (a 12-byte read per unit), or at unit offsets another section names
// (.debug_aranges, aranges-units.ts), which costs one read. Cuts of the second kind are
// candidates: each chunk's scan checks that its units tile it exactly (unitsTile) before
// it scans. Chunk 0 starts at offset 0, a unit, so if every chunk tiles, every cut is a
// unit boundary; if one does not, the index starts again with the walk.
import type { SectionLocation } from '../sections';
import type { SyncReader } from '../sync-reader';
import { unitExtent } from '../unit-header';

/**
 * [start, end) section offsets of runs of whole units of at most `chunkBytes` (or one larger
 * unit), from the unit_length fields of the units from `from` to `to`. A length running
 * past `to` ends the walk: the last chunk then holds the rest, and its scan reports the
 * bad unit.
 */
export function* unitChunks(
  reader: SyncReader,
  loc: SectionLocation,
  chunkBytes: number,
  littleEndian = true,
  from = 0,
  to = loc.size,
): Generator<[number, number]> {
  let chunkStart = from;
  let pos = from;
  while (pos < to) {
    const head = reader.readSync(loc.fileOffset + pos, Math.min(12, to - pos));
    const e = unitExtent(head, 0, littleEndian);
    const next = e ? pos + e.headerBytes + e.length : Infinity;
    if (!(next <= to) || next <= pos) {
      pos = to;
      break;
    }
    // Cut before a unit that would take the chunk past chunkBytes (a larger unit goes
    // alone): the lanes' chunk buffers keep one size.
    if (next - chunkStart > chunkBytes && pos > chunkStart) {
      yield [chunkStart, pos];
      chunkStart = pos;
    }
    pos = next;
  }
  if (pos > chunkStart) yield [chunkStart, pos];
}

/**
 * Chunks of at most `chunkBytes` cut at `offsets` (sorted candidate unit offsets), from 0
 * to the section end. A gap between candidates of more than twice `chunkBytes` is cut by
 * walking its unit headers, so that no chunk grows without bound.
 */
export function* candidateChunks(
  reader: SyncReader,
  loc: SectionLocation,
  offsets: readonly number[],
  chunkBytes: number,
  littleEndian = true,
): Generator<[number, number]> {
  let chunkStart = 0;
  let last = 0; // the last candidate taken in
  const cuts = [...offsets.filter((o) => o > 0 && o < loc.size), loc.size];
  for (const c of cuts) {
    if (c - last > 2 * chunkBytes) {
      if (last > chunkStart) yield [chunkStart, last];
      yield* unitChunks(reader, loc, chunkBytes, littleEndian, last, c);
      chunkStart = last = c;
      continue;
    }
    if (c - chunkStart > chunkBytes && last > chunkStart) {
      yield [chunkStart, last];
      chunkStart = last;
    }
    last = c;
  }
  if (loc.size > chunkStart) yield [chunkStart, loc.size];
}

/** Whether the unit_length fields of `bytes` (a chunk) lead from its start exactly to its end. */
export function unitsTile(bytes: Uint8Array, littleEndian = true): boolean {
  let pos = 0;
  while (pos < bytes.length) {
    const e = unitExtent(bytes, pos, littleEndian);
    if (!e) return false;
    const next = pos + e.headerBytes + e.length;
    if (!(next <= bytes.length)) return false;
    pos = next;
  }
  return true;
}
