// Abbreviation tables read on demand from growing windows of .debug_abbrev, so that
// neither the index workers nor the lazy parser hold the whole section (5 MB for
// Debian's 6.1 kernel, ~2.4 KB per unit table).
import { BadDataError } from '../../errors';
import type { SectionLocation } from './sections';
import { readSyncInto, type SyncReader } from './sync-reader';

const FIRST_WINDOW = 16 << 10;
/** Window of a reusable scratch: units usually take their tables in section order, so
 * one read serves the next hundred or so (GCC: ~2.4 KB per unit table). */
const SCRATCH_WINDOW = 256 << 10;

/**
 * A read buffer kept between calls: `bytes[0..length)` holds .debug_abbrev from section
 * offset `start` on (length 0: nothing cached).
 */
export interface AbbrevScratch {
  bytes: Uint8Array | null;
  start?: number;
  length?: number;
}

/**
 * Runs `parse(bytes, fileOffset)` on the bytes of .debug_abbrev from `offset` on; when it
 * fails before the window reaches the end of the section, retries with a window twice as
 * large (a table cut by the window end always fails to parse). With a `scratch`, `parse`
 * must keep no reference to the bytes: a table inside the last window read is parsed
 * there, without a read.
 */
export function withAbbrevWindow<T>(
  reader: SyncReader,
  loc: SectionLocation | undefined,
  source: string,
  offset: number,
  parse: (bytes: Uint8Array, fileOffset: number) => T,
  scratch?: AbbrevScratch,
): T {
  if (!loc) throw new BadDataError(source, 0, 'a .debug_abbrev section', 'none');
  if (offset < 0 || offset >= loc.size) {
    throw new BadDataError(
      source,
      loc.fileOffset,
      `abbreviation table offset within .debug_abbrev (${loc.size} bytes)`,
      `0x${offset.toString(16)}`,
    );
  }
  const cachedStart = scratch?.start ?? 0;
  const cachedEnd = cachedStart + (scratch?.length ?? 0);
  if (scratch?.bytes && offset >= cachedStart && offset < cachedEnd) {
    try {
      return parse(
        scratch.bytes.subarray(offset - cachedStart, cachedEnd - cachedStart),
        loc.fileOffset + offset,
      );
    } catch (e) {
      // Cut by the window end (or bad): read afresh from the table's start.
      if (!(e instanceof BadDataError) || cachedEnd === loc.size) throw e;
    }
  }
  const canReuse = scratch !== undefined && reader.readInto !== undefined;
  for (let len = canReuse ? SCRATCH_WINDOW : FIRST_WINDOW; ; len *= 2) {
    const n = Math.min(len, loc.size - offset);
    if (canReuse && (scratch.bytes?.length ?? 0) < n) scratch.bytes = new Uint8Array(n);
    const bytes = readSyncInto(
      reader,
      loc.fileOffset + offset,
      n,
      canReuse ? scratch.bytes : null,
      '.debug_abbrev',
    );
    if (canReuse) {
      scratch.start = offset;
      scratch.length = n;
    }
    try {
      return parse(bytes, loc.fileOffset + offset);
    } catch (e) {
      if (!(e instanceof BadDataError) || n === loc.size - offset) throw e;
    }
  }
}
