// The unit DIE (DW_TAG_compile_unit, partial_unit, type_unit, skeleton_unit) carries what
// the rest of the unit needs: the bases of indexed forms (DWARF 5 §3.1.1: str_offsets_base,
// addr_base, rnglists_base, loclists_base), the base address (DW_AT_low_pc), the line
// program (DW_AT_stmt_list) and the unit's PC ranges. The index reads it through its
// compiled abbreviations (index/unit-row.ts); here: the unit object and DIE PC ranges.
import type { AbbrevLookup } from './abbrev';
import { DW_AT } from './constants';
import type { Die, DieUnit } from './die';
import type { AttrValue } from './forms';
import { readRanges, type PcRange } from './ranges';
import { defaultBases, resolveAddress, type SmallSections } from './unit-bases';
import type { UnitHeader } from './unit-header';

/** A section offset attribute (DWARF 2/3 used data4/data8 for lineptr, rangelistptr…). */
export function secOffset(v: AttrValue | undefined): number | null {
  if (!v) return null;
  if (v.kind === 'sec_offset') return v.offset;
  if (v.kind === 'udata') return Number(v.value);
  return null;
}

/**
 * The unit of `header` over `bytes` (section offset `start`, file offset `fileOffset`),
 * with the default bases: the caller sets those its unit DIE gives. Every field is set
 * here, in one order, so that all units share one object shape on the hot paths.
 */
export function newDieUnit(
  header: UnitHeader,
  abbrev: AbbrevLookup,
  bytes: Uint8Array,
  start: number,
  fileOffset: number,
  s: SmallSections,
): DieUnit {
  const b = defaultBases(header);
  return {
    offset: b.offset,
    version: b.version,
    addressSize: b.addressSize,
    offsetSize: b.offsetSize,
    strOffsetsBase: b.strOffsetsBase,
    addrBase: b.addrBase,
    rnglistsBase: b.rnglistsBase,
    loclistsBase: b.loclistsBase,
    baseAddress: b.baseAddress,
    header,
    abbrev,
    bytes,
    start,
    fileOffset,
    source: s.source,
    littleEndian: s.littleEndian,
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
