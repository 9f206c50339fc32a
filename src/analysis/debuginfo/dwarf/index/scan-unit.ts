// The indexing scan of whole units (drgn: libdrgn/dwarf_info.c index_cu): for each unit,
// its header, its compiled abbreviation table (read from a window of .debug_abbrev), a
// row (unit-row.ts), then the DIE walk (scan-dies.ts) from the unit DIE, which fills in
// the row, through the depth-1 DIEs the index needs (record-die.ts).
import { withAbbrevWindow, type AbbrevScratch } from '../abbrev-window';
import { DwarfReader } from '../reader';
import type { SectionLocation } from '../sections';
import type { SyncReader } from '../sync-reader';
import type { SmallSections } from '../unit-bases';
import { newDieUnit } from '../unit-die';
import { readUnitHeader, type UnitHeader } from '../unit-header';
import * as P from './abbrev-program';
import type { IndexPartBuilder } from './index-part';
import { scanDies } from './scan-dies';
import { pushUnitRow } from './unit-row';

export interface ScanState {
  /** .debug_str_offsets, .debug_addr and .debug_line_str (for strx, addrx, line_strp). */
  small: SmallSections;
  builder: IndexPartBuilder;
  /** Reads .debug_abbrev windows. */
  reader: SyncReader;
  abbrev: SectionLocation | undefined;
  programs: Map<string, P.AbbrevProgram>;
  /** Reused for .debug_abbrev windows (compiled programs copy their table out). */
  abbrevScratch: AbbrevScratch;
}

export function newScanState(
  small: SmallSections,
  builder: IndexPartBuilder,
  reader: SyncReader,
  abbrev: SectionLocation | undefined,
): ScanState {
  return { small, builder, reader, abbrev, programs: new Map(), abbrevScratch: { bytes: null } };
}

/**
 * Indexes every unit of `bytes`, which holds whole units starting at section offset
 * `start` (file offset `fileOffset`). `typesSection` is set for DWARF 4 .debug_types,
 * whose offsets the caller has moved past the end of .debug_info.
 */
export function scanUnits(
  st: ScanState,
  bytes: Uint8Array,
  start: number,
  fileOffset: number,
  typesSection = false,
): void {
  const r = new DwarfReader(bytes, st.small.source, fileOffset, st.small.littleEndian);
  while (r.pos < bytes.length) {
    const h = readUnitHeader(r, start, typesSection);
    scanUnit(st, h, bytes, start, fileOffset);
    r.pos = h.end - start;
  }
}

function programFor(st: ScanState, h: UnitHeader): P.AbbrevProgram {
  // Compiled programs depend on the sizes of addresses, offsets and ref_addr.
  const key = `${h.abbrevOffset}/${h.addressSize}/${h.offsetSize}/${h.version <= 2 ? 2 : 3}`;
  let prog = st.programs.get(key);
  if (!prog) {
    prog = withAbbrevWindow(
      st.reader,
      st.abbrev,
      st.small.source,
      h.abbrevOffset,
      (bytes, fileOffset) =>
        P.compileAbbrevs(bytes, 0, h, st.small.source, fileOffset, h.abbrevOffset),
      st.abbrevScratch,
    );
    // Units rarely share tables (only after dwz); keep a few, for those that do.
    if (st.programs.size >= 32) st.programs.delete(st.programs.keys().next().value!);
    st.programs.set(key, prog);
  }
  return prog;
}

export function scanUnit(
  st: ScanState,
  h: UnitHeader,
  bytes: Uint8Array,
  start: number,
  fileOffset: number,
): void {
  const prog = programFor(st, h);
  const u = newDieUnit(h, prog, bytes, start, fileOffset, st.small);
  pushUnitRow(st.builder, h);
  scanDies(st, prog, u, h.dieOffset);
}
