// Unit headers of .debug_info (DWARF 2–5) and .debug_types (DWARF 4).
// DWARF 5 §7.5.1: v5 puts unit_type and address_size *before* debug_abbrev_offset;
// v2–v4 have abbrev offset then address size. 64-bit DWARF starts with 0xffffffff (§7.4).
// drgn: libdrgn/dwarf_info.c drgn_dwarf_index_read_cus / cu_header_extra_size.
import { DW_UT } from './constants';
import type { DwarfReader } from './reader';

export interface UnitHeader {
  /** Section offset of the unit_length field. */
  offset: number;
  /** Section offset just past the unit. */
  end: number;
  /** Section offset of the first DIE. */
  dieOffset: number;
  version: number;
  /** DW_UT_*; units of DWARF 2–4 .debug_info are DW_UT_compile, of .debug_types DW_UT_type. */
  unitType: number;
  offsetSize: 4 | 8;
  addressSize: number;
  abbrevOffset: number;
  /** Type units (v4 .debug_types and v5 DW_UT_type/split_type). */
  typeSignature?: bigint;
  /** Section offset of the type DIE of a type unit. */
  typeOffset?: number;
  /** Skeleton and split compile units (v5). */
  dwoId?: bigint;
}

/**
 * Reads the unit header at `r.pos`. `sectionStart` is the section offset of r.bytes[0].
 * The whole unit must lie within r.bytes; a truncated unit throws BadDataError.
 */
export function readUnitHeader(
  r: DwarfReader,
  sectionStart: number,
  typesSection = false,
): UnitHeader {
  const start = r.pos;
  let length = r.u32('unit_length');
  let offsetSize: 4 | 8 = 4;
  if (length === 0xffffffff) {
    offsetSize = 8;
    length = r.u64n('64-bit unit_length');
  } else if (length >= 0xfffffff0) {
    r.fail('unit_length below 0xfffffff0 (reserved values)', `0x${length.toString(16)}`, start);
  }
  const bodyStart = r.pos;
  if (length > r.length - bodyStart) {
    r.fail(
      `unit of ${length} bytes`,
      `only ${r.length - bodyStart} bytes before the end of the data`,
      start,
    );
  }
  const version = r.u16('unit version');
  if (version < 2 || version > 5) r.fail('DWARF version 2 to 5', `${version}`, bodyStart);
  let unitType: number = typesSection ? DW_UT.type : DW_UT.compile;
  let abbrevOffset: number;
  let addressSize: number;
  if (version >= 5) {
    unitType = r.u8('unit_type');
    addressSize = r.u8('address_size');
    abbrevOffset = r.offset(offsetSize, 'debug_abbrev_offset');
  } else {
    abbrevOffset = r.offset(offsetSize, 'debug_abbrev_offset');
    addressSize = r.u8('address_size');
  }
  if (addressSize !== 1 && addressSize !== 2 && addressSize !== 4 && addressSize !== 8) {
    r.fail('address_size 1, 2, 4 or 8', `${addressSize}`, r.pos - 1);
  }
  const h: UnitHeader = {
    offset: sectionStart + start,
    end: sectionStart + bodyStart + length,
    dieOffset: 0,
    version,
    unitType,
    offsetSize,
    addressSize,
    abbrevOffset,
  };
  switch (unitType) {
    case DW_UT.compile:
    case DW_UT.partial:
      break;
    case DW_UT.skeleton:
    case DW_UT.split_compile:
      h.dwoId = r.u64('dwo_id');
      break;
    case DW_UT.type:
    case DW_UT.split_type:
      h.typeSignature = r.u64('type_signature');
      h.typeOffset = h.offset + r.offset(offsetSize, 'type_offset');
      break;
    default:
      r.fail('unit type 1 to 6', `${unitType}`, bodyStart + 2);
  }
  h.dieOffset = sectionStart + r.pos;
  if (h.dieOffset > h.end) r.fail('unit header within unit_length', `${length} bytes`, start);
  return h;
}

/** Size of the unit_length field and the length it holds, at `pos` (splits units without parsing them). */
export function unitExtent(
  bytes: Uint8Array,
  pos: number,
  littleEndian = true,
): { headerBytes: number; length: number } | null {
  if (pos + 4 > bytes.length) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset + pos, Math.min(12, bytes.length - pos));
  const l32 = v.getUint32(0, littleEndian);
  if (l32 !== 0xffffffff) return { headerBytes: 4, length: l32 };
  if (pos + 12 > bytes.length) return null;
  const l64 = v.getBigUint64(4, littleEndian);
  return {
    headerBytes: 12,
    length: l64 > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(l64),
  };
}
