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
export function unitFromRow(
  rows: Float64Array,
  at: number,
  strings: readonly string[],
  refs: NameRefs,
  infoSize: number,
): IndexedUnit {
  const header: UnitHeader = {
    offset: rows[at + U.U_OFFSET]!,
    end: rows[at + U.U_END]!,
    dieOffset: rows[at + U.U_DIE]!,
    version: rows[at + U.U_VERSION]!,
    unitType: rows[at + U.U_TYPE]!,
    offsetSize: rows[at + U.U_OFFSET_SIZE] === 8 ? 8 : 4,
    addressSize: rows[at + U.U_ADDRESS_SIZE]!,
    abbrevOffset: rows[at + U.U_ABBREV]!,
  };
  if (rows[at + U.U_SIG_LO]! >= 0) {
    header.typeSignature = u32pair(rows[at + U.U_SIG_LO]!, rows[at + U.U_SIG_HI]!);
    header.typeOffset = rows[at + U.U_TYPE_OFFSET]!;
  }
  return {
    index: 0,
    header,
    offset: header.offset,
    version: header.version,
    addressSize: header.addressSize,
    offsetSize: header.offsetSize,
    strOffsetsBase: rows[at + U.U_STR_OFFSETS_BASE]!,
    addrBase: rows[at + U.U_ADDR_BASE]!,
    rnglistsBase: rows[at + U.U_RNGLISTS_BASE]!,
    loclistsBase: rows[at + U.U_LOCLISTS_BASE]!,
    baseAddress: u32pair(rows[at + U.U_BASE_LO]!, rows[at + U.U_BASE_HI]!),
    stmtList: rows[at + U.U_STMT_LIST]!,
    name: refs.get(strings, rows[at + U.U_NAME]!),
    compDir: refs.get(strings, rows[at + U.U_COMP_DIR]!),
    typesSection: header.offset >= infoSize,
  };
}
