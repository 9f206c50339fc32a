// A unit of the merged index, from its IndexPart row (index-part.ts).
import type { UnitHeader } from '../unit-header';
import type { UnitBases } from '../unit-bases';
import * as U from './index-part';
import type { NameRefs } from './name-refs';

export interface IndexedUnit extends UnitBases {
  index: number;
  header: UnitHeader;
  /** DW_AT_stmt_list, or -1. */
  stmtList: number;
  name: string | null;
  compDir: string | null;
  /** True for units of DWARF 4 .debug_types (their offsets follow .debug_info's). */
  typesSection: boolean;
}

const u32pair = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

/** The unit of row rows[at...] of a part with strings `strings`. */
/**
 * Element i of a unit row; an integer below 2^31 as int32, which V8 keeps unboxed (a
 * Float64Array element is a heap number to unoptimized code, and so the object field
 * holding it).
 */
function field(rows: Float64Array, i: number): number {
  const x = rows[i]!;
  return (x | 0) === x ? x | 0 : x;
}

export function unitFromRow(
  rows: Float64Array,
  at: number,
  strings: readonly string[],
  refs: NameRefs,
  infoSize: number,
): IndexedUnit {
  const header: UnitHeader = {
    offset: field(rows, at + U.U_OFFSET),
    end: field(rows, at + U.U_END),
    dieOffset: field(rows, at + U.U_DIE),
    version: field(rows, at + U.U_VERSION),
    unitType: field(rows, at + U.U_TYPE),
    offsetSize: field(rows, at + U.U_OFFSET_SIZE) === 8 ? 8 : 4,
    addressSize: field(rows, at + U.U_ADDRESS_SIZE),
    abbrevOffset: field(rows, at + U.U_ABBREV),
  };
  if (field(rows, at + U.U_SIG_LO) >= 0) {
    header.typeSignature = u32pair(field(rows, at + U.U_SIG_LO), field(rows, at + U.U_SIG_HI));
    header.typeOffset = field(rows, at + U.U_TYPE_OFFSET);
  }
  return {
    index: 0,
    header,
    offset: header.offset,
    version: header.version,
    addressSize: header.addressSize,
    offsetSize: header.offsetSize,
    strOffsetsBase: field(rows, at + U.U_STR_OFFSETS_BASE),
    addrBase: field(rows, at + U.U_ADDR_BASE),
    rnglistsBase: field(rows, at + U.U_RNGLISTS_BASE),
    loclistsBase: field(rows, at + U.U_LOCLISTS_BASE),
    baseAddress: u32pair(field(rows, at + U.U_BASE_LO), field(rows, at + U.U_BASE_HI)),
    stmtList: field(rows, at + U.U_STMT_LIST),
    name: refs.get(strings, field(rows, at + U.U_NAME)),
    compDir: refs.get(strings, field(rows, at + U.U_COMP_DIR)),
    typesSection: header.offset >= infoSize,
  };
}
