// Abbreviation tables read on demand from growing windows of .debug_abbrev, so that
// neither the index workers nor the lazy parser hold the whole section (5 MB for
// Debian's 6.1 kernel, ~2.4 KB per unit table).
import { BadDataError } from '../../errors';
import type { SectionLocation } from './sections';
import { readSyncInto, type SyncReader } from './sync-reader';

const FIRST_WINDOW = 16 << 10;

/**
 * Runs `parse(bytes, fileOffset)` on the bytes of .debug_abbrev from `offset` on; when it
 * fails before the window reaches the end of the section, retries with a window twice as
 * large (a table cut by the window end always fails to parse).
 */
export function withAbbrevWindow<T>(
  reader: SyncReader,
  loc: SectionLocation | undefined,
  source: string,
  offset: number,
  parse: (bytes: Uint8Array, fileOffset: number) => T,
  /** A buffer to read into, when `parse` keeps no reference to the bytes it is given. */
  scratch?: { bytes: Uint8Array | null },
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
  for (let len = FIRST_WINDOW; ; len *= 2) {
    const n = Math.min(len, loc.size - offset);
    if (scratch && reader.readInto && (scratch.bytes?.length ?? 0) < n)
      scratch.bytes = new Uint8Array(n);
    const bytes = readSyncInto(
      reader,
      loc.fileOffset + offset,
      n,
      scratch?.bytes ?? null,
      '.debug_abbrev',
    );
    try {
      return parse(bytes, loc.fileOffset + offset);
    } catch (e) {
      if (!(e instanceof BadDataError) || n === loc.size - offset) throw e;
    }
  }
}
