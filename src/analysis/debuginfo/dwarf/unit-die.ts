// The unit DIE (DW_TAG_compile_unit, partial_unit, type_unit, skeleton_unit) carries what
// the rest of the unit needs: the bases of indexed forms (DWARF 5 §3.1.1: str_offsets_base,
// addr_base, rnglists_base, loclists_base), the base address (DW_AT_low_pc), the line
// program (DW_AT_stmt_list) and the unit's PC ranges. The bases are read first, since
// DW_AT_name itself may be a strx form.
import type { AbbrevLookup } from './abbrev';
import { DW_AT } from './constants';
import { readDie, type Die, type DieUnit } from './die';
import type { AttrValue } from './forms';
import { readRanges, type PcRange } from './ranges';
import { defaultBases, resolveAddress, type SmallSections } from './unit-bases';
import type { UnitHeader } from './unit-header';

export interface UnitDieInfo {
  /** null for a unit that holds no DIE at all. */
  die: Die | null;
  /** The unit with the bases and base address of its DIE. */
  unit: DieUnit;
  name: AttrValue | undefined;
  compDir: AttrValue | undefined;
  /** DW_AT_stmt_list: offset of the unit's line program in .debug_line, or -1. */
  stmtList: number;
}

function secOffset(v: AttrValue | undefined): number | null {
  if (!v) return null;
  if (v.kind === 'sec_offset') return v.offset;
  // DWARF 2/3 used data4/data8 for section offsets (lineptr, rangelistptr…).
  if (v.kind === 'udata') return Number(v.value);
  return null;
}

/**
 * Reads the unit DIE of `header` from `bytes` (section offset `start`, file offset
 * `fileOffset`); names and ranges are left as attribute values for the caller.
 */
export function readUnitDie(
  header: UnitHeader,
  abbrev: AbbrevLookup,
  bytes: Uint8Array,
  start: number,
  fileOffset: number,
  s: SmallSections,
): UnitDieInfo {
  const unit: DieUnit = {
    ...defaultBases(header),
    header,
    abbrev,
    bytes,
    start,
    fileOffset,
    source: s.source,
    littleEndian: s.littleEndian,
  };
  const die = readDie(unit, header.dieOffset);
  if (!die) return { die: null, unit, name: undefined, compDir: undefined, stmtList: -1 };
  unit.strOffsetsBase = secOffset(die.attr(DW_AT.str_offsets_base)) ?? unit.strOffsetsBase;
  unit.addrBase =
    secOffset(die.attr(DW_AT.addr_base) ?? die.attr(DW_AT.GNU_addr_base)) ?? unit.addrBase;
  unit.rnglistsBase = secOffset(die.attr(DW_AT.rnglists_base)) ?? unit.rnglistsBase;
  unit.loclistsBase = secOffset(die.attr(DW_AT.loclists_base)) ?? unit.loclistsBase;
  unit.baseAddress = resolveAddress(die.attr(DW_AT.low_pc), unit, s) ?? 0n;
  return {
    die,
    unit,
    name: die.attr(DW_AT.name),
    compDir: die.attr(DW_AT.comp_dir),
    stmtList: secOffset(die.attr(DW_AT.stmt_list)) ?? -1,
  };
}

/** PC ranges of a DIE from DW_AT_low_pc/high_pc (§2.17.2) or DW_AT_ranges (§2.17.3). */
export function dieRanges(die: Die, s: SmallSections): PcRange[] {
  const u = die.unit;
  const rangesAttr = die.attr(DW_AT.ranges);
  if (rangesAttr) return readRanges(rangesAttr, u, s).filter(([a, b]) => a < b);
  const low = resolveAddress(die.attr(DW_AT.low_pc), u, s);
  const highAttr = die.attr(DW_AT.high_pc);
  if (low === null || !highAttr) return [];
  let high: bigint | null;
  // high_pc of class constant is a length from low_pc (DWARF 4 §2.17.2).
  if (highAttr.kind === 'udata' || highAttr.kind === 'sdata') high = low + highAttr.value;
  else high = resolveAddress(highAttr, u, s);
  return high !== null && high > low ? [[low, high]] : [];
}
