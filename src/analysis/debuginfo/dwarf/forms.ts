// Attribute values of every form (DWARF 5 §7.5.6, Table 7.6; GNU split-DWARF and dwz
// forms as in drgn libdrgn/dwarf_info.c dw_form_to_insn). Reference forms ref1..ref_udata
// are offsets from the start of the unit header; ref_addr is a .debug_info offset
// (address-size wide in DWARF 2, offset-size wide from DWARF 3 on, §7.5.4).
import { DW_FORM } from './constants';
import type { DwarfReader } from './reader';

/** What a form needs to know about its unit. */
export interface FormUnit {
  /** Section offset of the unit header (base of unit-relative references). */
  offset: number;
  version: number;
  addressSize: number;
  offsetSize: 4 | 8;
}

export type AttrValue =
  | { kind: 'address'; value: bigint }
  | { kind: 'addrx'; index: number }
  /** data1/2/4/8 and udata: raw unsigned bits (the attribute decides the sign). */
  | { kind: 'udata'; value: bigint }
  /** sdata and implicit_const. */
  | { kind: 'sdata'; value: bigint }
  | { kind: 'data16'; bytes: Uint8Array }
  | { kind: 'block'; bytes: Uint8Array; exprloc: boolean }
  | { kind: 'flag'; value: boolean }
  /** A DIE in this file's .debug_info, as a section offset. */
  | { kind: 'ref'; offset: number }
  | { kind: 'ref_sig8'; signature: bigint }
  /** A DIE or string of a supplementary (dwz/sup) file, which crashlens does not read. */
  | { kind: 'ref_sup'; offset: number }
  | { kind: 'string'; value: string }
  | { kind: 'strp'; offset: number; section: 'str' | 'line_str' | 'sup' }
  | { kind: 'strx'; index: number }
  | { kind: 'sec_offset'; offset: number }
  | { kind: 'rnglistx'; index: number }
  | { kind: 'loclistx'; index: number };

/** Reads one attribute value of `form`; `implicit` is the abbrev's implicit_const value. */
export function readForm(r: DwarfReader, form: number, u: FormUnit, implicit = 0): AttrValue {
  switch (form) {
    case DW_FORM.addr:
      return { kind: 'address', value: r.address(u.addressSize) };
    case DW_FORM.data1:
      return { kind: 'udata', value: BigInt(r.u8()) };
    case DW_FORM.data2:
      return { kind: 'udata', value: BigInt(r.u16()) };
    case DW_FORM.data4:
      return { kind: 'udata', value: BigInt(r.u32()) };
    case DW_FORM.data8:
      return { kind: 'udata', value: r.u64() };
    case DW_FORM.data16:
      return { kind: 'data16', bytes: r.bytesAt(16, 'data16') };
    case DW_FORM.udata:
      return { kind: 'udata', value: r.ulebBig() };
    case DW_FORM.sdata:
      return { kind: 'sdata', value: r.slebBig() };
    case DW_FORM.implicit_const:
      return { kind: 'sdata', value: BigInt(implicit) };
    case DW_FORM.flag:
      return { kind: 'flag', value: r.u8('flag') !== 0 };
    case DW_FORM.flag_present:
      return { kind: 'flag', value: true };
    case DW_FORM.block1:
      return { kind: 'block', bytes: r.bytesAt(r.u8('block1 length'), 'block1'), exprloc: false };
    case DW_FORM.block2:
      return { kind: 'block', bytes: r.bytesAt(r.u16('block2 length'), 'block2'), exprloc: false };
    case DW_FORM.block4:
      return { kind: 'block', bytes: r.bytesAt(r.u32('block4 length'), 'block4'), exprloc: false };
    case DW_FORM.block:
      return { kind: 'block', bytes: r.bytesAt(r.uleb('block length'), 'block'), exprloc: false };
    case DW_FORM.exprloc:
      return {
        kind: 'block',
        bytes: r.bytesAt(r.uleb('exprloc length'), 'exprloc'),
        exprloc: true,
      };
    case DW_FORM.ref1:
      return { kind: 'ref', offset: u.offset + r.u8('ref1') };
    case DW_FORM.ref2:
      return { kind: 'ref', offset: u.offset + r.u16('ref2') };
    case DW_FORM.ref4:
      return { kind: 'ref', offset: u.offset + r.u32('ref4') };
    case DW_FORM.ref8:
      return { kind: 'ref', offset: u.offset + r.u64n('ref8') };
    case DW_FORM.ref_udata:
      return { kind: 'ref', offset: u.offset + r.uleb('ref_udata') };
    case DW_FORM.ref_addr:
      return {
        kind: 'ref',
        offset: r.offset(u.version <= 2 ? u.addressSize : u.offsetSize, 'ref_addr'),
      };
    case DW_FORM.ref_sig8:
      return { kind: 'ref_sig8', signature: r.u64('ref_sig8') };
    case DW_FORM.ref_sup4:
      return { kind: 'ref_sup', offset: r.u32('ref_sup4') };
    case DW_FORM.ref_sup8:
      return { kind: 'ref_sup', offset: r.u64n('ref_sup8') };
    case DW_FORM.GNU_ref_alt:
      return { kind: 'ref_sup', offset: r.offset(u.offsetSize, 'GNU_ref_alt') };
    case DW_FORM.string:
      return { kind: 'string', value: r.cstr() };
    case DW_FORM.strp:
      return { kind: 'strp', offset: r.offset(u.offsetSize, 'strp'), section: 'str' };
    case DW_FORM.line_strp:
      return { kind: 'strp', offset: r.offset(u.offsetSize, 'line_strp'), section: 'line_str' };
    case DW_FORM.strp_sup:
    case DW_FORM.GNU_strp_alt:
      return { kind: 'strp', offset: r.offset(u.offsetSize, 'strp_sup'), section: 'sup' };
    case DW_FORM.strx:
    case DW_FORM.GNU_str_index:
      return { kind: 'strx', index: r.uleb('strx') };
    case DW_FORM.strx1:
      return { kind: 'strx', index: r.u8('strx1') };
    case DW_FORM.strx2:
      return { kind: 'strx', index: r.u16('strx2') };
    case DW_FORM.strx3:
      return { kind: 'strx', index: Number(r.uint(3, 'strx3')) };
    case DW_FORM.strx4:
      return { kind: 'strx', index: r.u32('strx4') };
    case DW_FORM.addrx:
    case DW_FORM.GNU_addr_index:
      return { kind: 'addrx', index: r.uleb('addrx') };
    case DW_FORM.addrx1:
      return { kind: 'addrx', index: r.u8('addrx1') };
    case DW_FORM.addrx2:
      return { kind: 'addrx', index: r.u16('addrx2') };
    case DW_FORM.addrx3:
      return { kind: 'addrx', index: Number(r.uint(3, 'addrx3')) };
    case DW_FORM.addrx4:
      return { kind: 'addrx', index: r.u32('addrx4') };
    case DW_FORM.sec_offset:
      return { kind: 'sec_offset', offset: r.offset(u.offsetSize, 'sec_offset') };
    case DW_FORM.rnglistx:
      return { kind: 'rnglistx', index: r.uleb('rnglistx') };
    case DW_FORM.loclistx:
      return { kind: 'loclistx', index: r.uleb('loclistx') };
    case DW_FORM.indirect: {
      // §7.5.3: the form is a ULEB in the DIE; implicit_const cannot be indirect.
      const at = r.pos;
      const actual = r.uleb('indirect form');
      if (actual === DW_FORM.indirect || actual === DW_FORM.implicit_const) {
        r.fail(
          'a form other than indirect or implicit_const after DW_FORM_indirect',
          `0x${actual.toString(16)}`,
          at,
        );
      }
      return readForm(r, actual, u);
    }
    default:
      return r.fail('a known DWARF form', `0x${form.toString(16)}`);
  }
}

/** Size in bytes of a fixed-size form, 0 for implicit forms, -1 for variable-size ones. */
export function fixedFormSize(form: number, u: Omit<FormUnit, 'offset'>): number {
  switch (form) {
    case DW_FORM.flag_present:
    case DW_FORM.implicit_const:
      return 0;
    case DW_FORM.data1:
    case DW_FORM.ref1:
    case DW_FORM.flag:
    case DW_FORM.strx1:
    case DW_FORM.addrx1:
      return 1;
    case DW_FORM.data2:
    case DW_FORM.ref2:
    case DW_FORM.strx2:
    case DW_FORM.addrx2:
      return 2;
    case DW_FORM.strx3:
    case DW_FORM.addrx3:
      return 3;
    case DW_FORM.data4:
    case DW_FORM.ref4:
    case DW_FORM.ref_sup4:
    case DW_FORM.strx4:
    case DW_FORM.addrx4:
      return 4;
    case DW_FORM.data8:
    case DW_FORM.ref8:
    case DW_FORM.ref_sig8:
    case DW_FORM.ref_sup8:
      return 8;
    case DW_FORM.data16:
      return 16;
    case DW_FORM.addr:
      return u.addressSize;
    case DW_FORM.ref_addr:
      return u.version <= 2 ? u.addressSize : u.offsetSize;
    case DW_FORM.strp:
    case DW_FORM.line_strp:
    case DW_FORM.strp_sup:
    case DW_FORM.sec_offset:
    case DW_FORM.GNU_ref_alt:
    case DW_FORM.GNU_strp_alt:
      return u.offsetSize;
    default:
      return -1;
  }
}

/** The value of a constant-class attribute as a number (sign from the form), or null. */
export function constValue(v: AttrValue | undefined): number | null {
  if (!v) return null;
  if (v.kind === 'udata' || v.kind === 'sdata') return Number(v.value);
  return null;
}
