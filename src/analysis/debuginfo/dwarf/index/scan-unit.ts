// The indexing scan of whole units (drgn: libdrgn/dwarf_info.c index_cu): for each unit,
// its header, its compiled abbreviation table (read from a window of .debug_abbrev), a
// row for its unit DIE (bases, names, line program, PC ranges), then the DIE walk
// (scan-dies.ts) recording the depth-1 DIEs the index needs (record-die.ts).
import { withAbbrevWindow } from '../abbrev-window';
import { DW_AT, DW_UT } from '../constants';
import type { AttrValue } from '../forms';
import { DwarfReader } from '../reader';
import type { SectionLocation } from '../sections';
import type { SyncReader } from '../sync-reader';
import { resolveAddress, type SmallSections } from '../unit-bases';
import { readUnitHeader, type UnitHeader } from '../unit-header';
import { readUnitDie } from '../unit-die';
import * as P from './abbrev-program';
import type { IndexPartBuilder } from './index-part';
import * as U from './index-part';
import { nameRefOf } from './record-die';
import { scanDies } from './scan-dies';

export interface ScanState {
  /** .debug_str_offsets, .debug_addr and .debug_line_str (for strx, addrx, line_strp). */
  small: SmallSections;
  builder: IndexPartBuilder;
  /** Reads .debug_abbrev windows. */
  reader: SyncReader;
  abbrev: SectionLocation | undefined;
  programs: Map<string, P.AbbrevProgram>;
  /** Reused for .debug_abbrev windows (compiled programs copy their table out). */
  abbrevScratch: { bytes: Uint8Array | null };
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

function scanUnit(
  st: ScanState,
  h: UnitHeader,
  bytes: Uint8Array,
  start: number,
  fileOffset: number,
): void {
  const prog = programFor(st, h);
  const info = readUnitDie(h, prog, bytes, start, fileOffset, st.small);
  const b = st.builder;
  const unitIndex = b.unitCount;
  const u = info.unit;
  const row = new Float64Array(U.UNIT_FIELDS).fill(-1);
  row[U.U_OFFSET] = h.offset;
  row[U.U_END] = h.end;
  row[U.U_DIE] = h.dieOffset;
  row[U.U_VERSION] = h.version;
  row[U.U_TYPE] = h.unitType;
  row[U.U_OFFSET_SIZE] = h.offsetSize;
  row[U.U_ADDRESS_SIZE] = h.addressSize;
  row[U.U_ABBREV] = h.abbrevOffset;
  row[U.U_STR_OFFSETS_BASE] = u.strOffsetsBase;
  row[U.U_ADDR_BASE] = u.addrBase;
  row[U.U_RNGLISTS_BASE] = u.rnglistsBase;
  row[U.U_LOCLISTS_BASE] = u.loclistsBase;
  row[U.U_STMT_LIST] = info.stmtList;
  row[U.U_NAME] = info.name ? nameRefOf(st, u, info.name) : NaN;
  row[U.U_COMP_DIR] = info.compDir ? nameRefOf(st, u, info.compDir) : NaN;
  row[U.U_BASE_LO] = Number(u.baseAddress & 0xffffffffn);
  row[U.U_BASE_HI] = Number(u.baseAddress >> 32n);
  if (h.typeSignature !== undefined) {
    row[U.U_SIG_LO] = Number(h.typeSignature & 0xffffffffn);
    row[U.U_SIG_HI] = Number(h.typeSignature >> 32n);
    row[U.U_TYPE_OFFSET] = h.typeOffset ?? -1;
  }
  for (const v of row) b.units.push(v);
  const die = info.die;
  if (!die) return;
  if (
    h.unitType === DW_UT.compile ||
    h.unitType === DW_UT.partial ||
    h.unitType === DW_UT.skeleton
  ) {
    const ranges = die.attr(DW_AT.ranges);
    if (ranges) deferRanges(st, 1, unitIndex, die.offset, NaN, ranges);
    else unitLowHigh(st, unitIndex, u, die.attr(DW_AT.low_pc), die.attr(DW_AT.high_pc));
  }
  if (die.hasChildren) scanDies(st, prog, u, die.end);
}

/** Unit PC range from DW_AT_low_pc/high_pc (high of class constant is a length, DWARF 4 §2.17.2). */
function unitLowHigh(
  st: ScanState,
  unitIndex: number,
  u: Parameters<typeof resolveAddress>[1],
  lowAttr: AttrValue | undefined,
  highAttr: AttrValue | undefined,
): void {
  const low = resolveAddress(lowAttr, u, st.small);
  if (low === null || !highAttr) return;
  const high =
    highAttr.kind === 'udata' || highAttr.kind === 'sdata'
      ? low + highAttr.value
      : resolveAddress(highAttr, u, st.small);
  if (high === null || high <= low) return;
  const b = st.builder;
  for (const a of [low, high]) {
    b.unitRanges.push(Number(a & 0xffffffffn));
    b.unitRanges.push(Number((a >> 32n) & 0xffffffffn));
  }
  b.unitRangeOwner.push(unitIndex);
}

/** Leaves a DW_AT_ranges list to the main thread, which holds .debug_rnglists/.debug_ranges. */
export function deferRanges(
  st: ScanState,
  owner: 0 | 1,
  unitIndex: number,
  die: number,
  name: number,
  v: AttrValue,
): void {
  if (v.kind === 'rnglistx') st.builder.defer(owner, unitIndex, die, name, true, v.index);
  else if (v.kind === 'sec_offset') st.builder.defer(owner, unitIndex, die, name, false, v.offset);
  else if (v.kind === 'udata')
    st.builder.defer(owner, unitIndex, die, name, false, Number(v.value));
}
