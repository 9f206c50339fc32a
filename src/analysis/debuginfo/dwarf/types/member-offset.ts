// Bit offset of a struct/union member (DWARF 5 §5.7.6), as drgn's
// libdrgn/dwarf_info.c parse_member_offset computes it:
//  - DW_AT_data_bit_offset (DWARF 4+): bits from the start of the containing type;
//  - DW_AT_data_member_location: a constant (bytes), or in DWARF 2 an expression
//    DW_OP_plus_uconst N (also accepted: DW_OP_constu N);
//  - DWARF 2/3 bitfields add DW_AT_bit_offset, counted from the most significant bit of
//    the storage unit (DW_AT_byte_size of the member, else the size of its type): on a
//    little-endian target bit = 8*location + 8*storage − bit_offset − bit_size; on a
//    big-endian one bit = 8*location + bit_offset.
import { DW_AT, DW_OP_constu, DW_OP_plus_uconst } from '../constants';
import type { Die } from '../die';
import { DwarfReader } from '../reader';

/** A number from a constant-class attribute, or null. */
export function constNumber(die: Die, at: number): number | null {
  const v = die.attr(at);
  if (v?.kind === 'udata' || v?.kind === 'sdata') return Number(v.value);
  return null;
}

/** Byte offset from DW_AT_data_member_location, or null when absent or not understood. */
function memberLocation(die: Die): number | null {
  const v = die.attr(DW_AT.data_member_location);
  if (!v) return null;
  if (v.kind === 'udata' || v.kind === 'sdata') return Number(v.value);
  if (v.kind === 'block') {
    const r = new DwarfReader(v.bytes, die.unit.source, 0, die.unit.littleEndian);
    if (v.bytes.length === 0) return null;
    const op = r.u8();
    if (op !== DW_OP_plus_uconst && op !== DW_OP_constu) return null;
    const n = r.uleb();
    return r.remaining === 0 ? n : null;
  }
  return null;
}

/**
 * The member's bit offset and bitfield width. `typeSize` gives the byte size of the
 * member's type when DW_AT_bit_offset needs it (DWARF 2/3 bitfields without byte_size).
 */
export function memberBits(
  die: Die,
  typeSize: () => number | null,
): { bitOffset: number; bitSize: number | null } {
  const bitSize = constNumber(die, DW_AT.bit_size);
  const dataBit = constNumber(die, DW_AT.data_bit_offset);
  if (dataBit !== null) return { bitOffset: dataBit, bitSize };
  const base = 8 * (memberLocation(die) ?? 0);
  const oldBit = constNumber(die, DW_AT.bit_offset);
  if (oldBit === null) return { bitOffset: base, bitSize };
  if (!die.unit.littleEndian) return { bitOffset: base + oldBit, bitSize };
  const storage = constNumber(die, DW_AT.byte_size) ?? typeSize() ?? 0;
  return { bitOffset: base + 8 * storage - oldBit - (bitSize ?? 0), bitSize };
}
