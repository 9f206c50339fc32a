// Reads the small DWARF sections whole. Sizes for Debian's 6.1 vmlinux (590 MB file):
// .debug_str 3.5 MB, .debug_rnglists 3.3 MB, .debug_line_str 75 KB; no
// .debug_str_offsets/.debug_addr (no split DWARF). Never read whole: .debug_info
// (164 MB, streamed by unit), .debug_abbrev (5.1 MB, one table window per unit),
// .debug_line (17 MB, per unit) and .debug_loclists (24 MB, per list).
import { readExact, type ByteSource } from '../../io/byte-source';
import type { DwarfSections } from './sections';
import type { SmallSections } from './unit-bases';

const SMALL = ['str', 'line_str', 'str_offsets', 'addr', 'rnglists', 'ranges'] as const;
type SmallName = (typeof SMALL)[number];

/** What the index lanes read names and PCs through (strx, addrx, line_strp). */
export const LANE_SECTIONS: readonly SmallName[] = ['line_str', 'str_offsets', 'addr'];
/** The rest: what the merge and the lazy parts need besides. */
export const MERGE_SECTIONS: readonly SmallName[] = ['str', 'rnglists', 'ranges'];

export async function loadSmallSections(
  src: ByteSource,
  secs: DwarfSections,
  names: readonly SmallName[] = SMALL,
): Promise<SmallSections> {
  const out: SmallSections = { source: secs.source, littleEndian: secs.littleEndian };
  await Promise.all(
    names.map(async (name) => {
      const loc = secs.sections[name];
      if (!loc) return;
      const bytes = await readExact(src, loc.fileOffset, loc.size, `.debug_${name}`);
      out[name] = { bytes: owned(bytes), fileOffset: loc.fileOffset };
    }),
  );
  return out;
}

/** A copy when `b` is a view into a larger buffer (structured clone copies whole buffers). */
export function owned(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
}

export function totalBytes(s: SmallSections): number {
  let n = 0;
  for (const name of SMALL) n += s[name]?.bytes.length ?? 0;
  return n;
}
