// The index row of a unit (index-part.ts U_*): its header, then what its unit DIE gives
// (DWARF 5 §3.1.1): the bases of indexed forms (str_offsets_base, addr_base,
// rnglists_base, loclists_base), the base address (DW_AT_low_pc), the line program
// (DW_AT_stmt_list), name and comp_dir, and the unit's PC ranges (§2.17). The bases are
// set first, since DW_AT_name and DW_AT_low_pc may themselves be strx/addrx forms.
import { DW_FORM, DW_UT } from '../constants';
import type { DieUnit } from '../die';
import type { AttrValue } from '../forms';
import { resolveAddress } from '../unit-bases';
import { secOffset } from '../unit-die';
import type { UnitHeader } from '../unit-header';
import * as P from './abbrev-program';
import type { IndexPartBuilder } from './index-part';
import * as U from './index-part';
import { nameRefOf, valueAt } from './record-die';
import { recForm, recPos } from './scan-dies';
import type { ScanState } from './scan-unit';

/** Appends the row of a unit with no unit DIE values yet (recordUnitDie fills them in). */
export function pushUnitRow(b: IndexPartBuilder, h: UnitHeader): void {
  const row = new Float64Array(U.UNIT_FIELDS).fill(-1);
  row[U.U_OFFSET] = h.offset;
  row[U.U_END] = h.end;
  row[U.U_DIE] = h.dieOffset;
  row[U.U_VERSION] = h.version;
  row[U.U_TYPE] = h.unitType;
  row[U.U_OFFSET_SIZE] = h.offsetSize;
  row[U.U_ADDRESS_SIZE] = h.addressSize;
  row[U.U_ABBREV] = h.abbrevOffset;
  row[U.U_NAME] = NaN;
  row[U.U_COMP_DIR] = NaN;
  row[U.U_BASE_LO] = 0;
  row[U.U_BASE_HI] = 0;
  if (h.typeSignature !== undefined) {
    row[U.U_SIG_LO] = Number(h.typeSignature & 0xffffffffn);
    row[U.U_SIG_HI] = Number(h.typeSignature >> 32n);
    row[U.U_TYPE_OFFSET] = h.typeOffset ?? -1;
  }
  for (const v of row) b.units.push(v);
}

/**
 * Reads the unit DIE from its recorded slots (`mask`; positions in recPos/recForm;
 * `implicit(slot)`: a DW_FORM_implicit_const value): sets the bases and base address of
 * `u`, fills in the unit's row (the last one) and records the PC ranges of compile,
 * partial and skeleton units.
 */
export function recordUnitDie(
  st: ScanState,
  u: DieUnit,
  mask: number,
  implicit: (slot: number) => number | undefined,
): void {
  const value = (slot: number): AttrValue | undefined => {
    if (!(mask & (1 << slot))) return undefined;
    const form = recForm[slot]!;
    if (form === DW_FORM.implicit_const) {
      return { kind: 'sdata', value: BigInt(implicit(slot) ?? 0) };
    }
    return valueAt(u, recPos[slot]!, form);
  };
  u.strOffsetsBase = secOffset(value(P.SLOT_STR_OFFSETS_BASE)) ?? u.strOffsetsBase;
  u.addrBase = secOffset(value(P.SLOT_ADDR_BASE)) ?? u.addrBase;
  u.rnglistsBase = secOffset(value(P.SLOT_RNGLISTS_BASE)) ?? u.rnglistsBase;
  u.loclistsBase = secOffset(value(P.SLOT_LOCLISTS_BASE)) ?? u.loclistsBase;
  const low = value(P.SLOT_LOW);
  u.baseAddress = resolveAddress(low, u, st.small) ?? 0n;
  const name = value(P.SLOT_NAME);
  const compDir = value(P.SLOT_COMP_DIR);
  const b = st.builder;
  const unitIndex = b.unitCount - 1;
  const at = unitIndex * U.UNIT_FIELDS;
  b.units.set(at + U.U_STR_OFFSETS_BASE, u.strOffsetsBase);
  b.units.set(at + U.U_ADDR_BASE, u.addrBase);
  b.units.set(at + U.U_RNGLISTS_BASE, u.rnglistsBase);
  b.units.set(at + U.U_LOCLISTS_BASE, u.loclistsBase);
  b.units.set(at + U.U_STMT_LIST, secOffset(value(P.SLOT_STMT_LIST)) ?? -1);
  b.units.set(at + U.U_NAME, name ? nameRefOf(st, u, name) : NaN);
  b.units.set(at + U.U_COMP_DIR, compDir ? nameRefOf(st, u, compDir) : NaN);
  b.units.set(at + U.U_BASE_LO, Number(u.baseAddress & 0xffffffffn));
  b.units.set(at + U.U_BASE_HI, Number(u.baseAddress >> 32n));
  const t = u.header.unitType;
  if (t !== DW_UT.compile && t !== DW_UT.partial && t !== DW_UT.skeleton) return;
  const ranges = value(P.SLOT_RANGES);
  const dieOffset = u.header.dieOffset;
  if (ranges) deferRanges(st, 1, unitIndex, dieOffset, NaN, ranges);
  else unitLowHigh(st, unitIndex, u, low, value(P.SLOT_HIGH));
}

/** Unit PC range from DW_AT_low_pc/high_pc (high of class constant is a length, DWARF 4 §2.17.2). */
function unitLowHigh(
  st: ScanState,
  unitIndex: number,
  u: DieUnit,
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
  if (v.kind === 'rnglistx') st.builder.entries.defer(owner, unitIndex, die, name, true, v.index);
  else if (v.kind === 'sec_offset')
    st.builder.entries.defer(owner, unitIndex, die, name, false, v.offset);
  else if (v.kind === 'udata')
    st.builder.entries.defer(owner, unitIndex, die, name, false, Number(v.value));
}
