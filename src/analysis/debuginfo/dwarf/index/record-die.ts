// What the index keeps of a depth-1 DIE (drgn: libdrgn/dwarf_info.c index_die):
//  - named struct/class/union/enum/typedef/base types and named variables: kind, name
//    ref, DIE offset, declaration flag (DW_AT_declaration, DWARF 5 §2.13.1);
//  - subprograms with code: their PC ranges (low_pc + high_pc, DWARF 5 §2.17.2: high_pc of
//    class constant is a length; or DW_AT_ranges, left to the main thread), named by
//    DW_AT_name or through DW_AT_abstract_origin / DW_AT_specification (§3.3.8.3, §2.13.2).
// Names become name refs (index-part.ts): the .debug_str offset itself for strp.
import { DW_AT, DW_FORM } from '../constants';
import { readDie, type DieUnit } from '../die';
import { readForm, type AttrValue } from '../forms';
import { DwarfReader, stringAt } from '../reader';
import { resolveAddress, strxOffset } from '../unit-bases';
import * as P from './abbrev-program';
import { readFixed, recForm, recPos } from './scan-dies';
import type { ScanState } from './scan-unit';
import { deferRanges } from './unit-row';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const TWO32 = 0x100000000;

function isDeclaration(u: DieUnit, prog: P.AbbrevProgram, code: number): boolean {
  if (!(prog.slots[code]! & (1 << P.SLOT_DECL))) return false;
  const form = recForm[P.SLOT_DECL]!;
  if (form === DW_FORM.flag_present) return true;
  if (form === DW_FORM.flag) return u.bytes[recPos[P.SLOT_DECL]!] !== 0;
  if (form === DW_FORM.implicit_const)
    return (prog.implicit.get(P.implicitKey(code, P.SLOT_DECL)) ?? 0) !== 0;
  return true;
}

export function record(
  st: ScanState,
  prog: P.AbbrevProgram,
  u: DieUnit,
  code: number,
  k: number,
  die: number,
): void {
  const mask = prog.slots[code]!;
  const b = st.builder.entries;
  if (k !== P.KIND_FUNCTION) {
    if (!(mask & (1 << P.SLOT_NAME))) return; // anonymous type, or a definition of a declared variable
    const name = nameRefAt(st, u, recPos[P.SLOT_NAME]!, recForm[P.SLOT_NAME]!);
    if (Number.isNaN(name)) return;
    if (k === P.KIND_TYPE) b.addType(prog.typeKind[code]!, name, die, isDeclaration(u, prog, code));
    else b.addVariable(name, die, isDeclaration(u, prog, code));
    return;
  }
  if (!(mask & ((1 << P.SLOT_LOW) | (1 << P.SLOT_RANGES)))) return; // no code
  let name = NaN;
  if (mask & (1 << P.SLOT_NAME))
    name = nameRefAt(st, u, recPos[P.SLOT_NAME]!, recForm[P.SLOT_NAME]!);
  else {
    const slot =
      mask & (1 << P.SLOT_ORIGIN) ? P.SLOT_ORIGIN : mask & (1 << P.SLOT_SPEC) ? P.SLOT_SPEC : -1;
    if (slot >= 0) name = nameThroughRef(st, u, valueAt(u, recPos[slot]!, recForm[slot]!));
  }
  if (mask & (1 << P.SLOT_RANGES)) {
    deferRanges(
      st,
      0,
      st.builder.unitCount - 1,
      die,
      name,
      valueAt(u, recPos[P.SLOT_RANGES]!, recForm[P.SLOT_RANGES]!),
    );
    return;
  }
  if (!(mask & (1 << P.SLOT_HIGH))) return;
  let lowLo: number;
  let lowHi: number;
  const lowForm = recForm[P.SLOT_LOW]!;
  const lp = recPos[P.SLOT_LOW]!;
  const le = u.littleEndian;
  if (lowForm === DW_FORM.addr && u.addressSize === 8) {
    lowLo = readFixed(u.bytes, le ? lp : lp + 4, 4, le);
    lowHi = readFixed(u.bytes, le ? lp + 4 : lp, 4, le);
  } else {
    const a = resolveAddress(valueAt(u, lp, lowForm), u, st.small);
    if (a === null) return;
    lowLo = Number(a & 0xffffffffn);
    lowHi = Number(a >> 32n);
  }
  if (lowLo === 0 && lowHi === 0) return; // code discarded at link time
  const highForm = recForm[P.SLOT_HIGH]!;
  const hp = recPos[P.SLOT_HIGH]!;
  let len: number;
  switch (highForm) {
    case DW_FORM.data1:
      len = u.bytes[hp] ?? 0;
      break;
    case DW_FORM.data2:
      len = readFixed(u.bytes, hp, 2, le);
      break;
    case DW_FORM.data4:
      len = readFixed(u.bytes, hp, 4, le);
      break;
    case DW_FORM.data8:
      len = readFixed(u.bytes, hp, 8, le);
      break;
    case DW_FORM.udata:
    case DW_FORM.sdata: {
      const v = valueAt(u, hp, highForm);
      len = v.kind === 'udata' || v.kind === 'sdata' ? Number(v.value) : 0;
      break;
    }
    case DW_FORM.implicit_const:
      len = prog.implicit.get(P.implicitKey(code, P.SLOT_HIGH)) ?? 0;
      break;
    default: {
      const a = resolveAddress(valueAt(u, hp, highForm), u, st.small);
      const low = BigInt(lowHi) * 0x100000000n + BigInt(lowLo);
      if (a !== null && a > low) {
        b.addFunctionRange(
          name,
          die,
          lowLo,
          lowHi,
          Number(a & 0xffffffffn),
          Number((a >> 32n) & 0xffffffffn),
        );
      }
      return;
    }
  }
  if (!(len > 0)) return;
  const sum = lowLo + len;
  b.addFunctionRange(name, die, lowLo, lowHi, sum % TWO32, (lowHi + Math.floor(sum / TWO32)) >>> 0);
}

/** The attribute value of `form` recorded at `pos` (generic decoding, off the hot path). */
export function valueAt(u: DieUnit, pos: number, form: number): AttrValue {
  const r = new DwarfReader(u.bytes, u.source, u.fileOffset, u.littleEndian);
  r.pos = pos;
  return readForm(r, form, u);
}

/** Name ref of a name attribute recorded at `pos`: the strp offset itself on the fast path. */
function nameRefAt(st: ScanState, u: DieUnit, pos: number, form: number): number {
  const bytes = u.bytes;
  if (form === DW_FORM.strp && u.offsetSize === 4) {
    return u.littleEndian
      ? (bytes[pos]! |
          (bytes[pos + 1]! << 8) |
          (bytes[pos + 2]! << 16) |
          (bytes[pos + 3]! << 24)) >>>
          0
      : readFixed(bytes, pos, 4, false);
  }
  if (form === DW_FORM.string) {
    let s = '';
    for (let i = pos; ; i++) {
      const c = bytes[i] ?? 0;
      if (c === 0) return st.builder.entries.intern(s);
      if (c >= 0x80) {
        const nul = bytes.indexOf(0, pos);
        return st.builder.entries.intern(
          utf8.decode(bytes.subarray(pos, nul < 0 ? bytes.length : nul)),
        );
      }
      s += String.fromCharCode(c);
    }
  }
  return nameRefOf(st, u, valueAt(u, pos, form));
}

/** Name ref of a string-class attribute value, NaN when it is not one this file holds. */
export function nameRefOf(st: ScanState, u: DieUnit, v: AttrValue): number {
  switch (v.kind) {
    case 'string':
      return st.builder.entries.intern(v.value);
    case 'strp':
      if (v.section === 'str') return v.offset;
      if (v.section === 'line_str' && st.small.line_str) {
        const s = stringAt(st.small.line_str.bytes, v.offset);
        return s === null ? NaN : st.builder.entries.intern(s);
      }
      return NaN;
    case 'strx':
      return strxOffset(v.index, u, st.small);
    default:
      return NaN;
  }
}

/** Name ref of the DIE a reference points to, following origins/specifications in this unit. */
function nameThroughRef(st: ScanState, u: DieUnit, v: AttrValue): number {
  let offset = v.kind === 'ref' ? v.offset : -1;
  for (let hops = 0; hops < 4; hops++) {
    if (offset < u.header.dieOffset || offset >= u.header.end) return NaN; // another unit: named lazily
    const d = readDie(u, offset);
    if (!d) return NaN;
    const name = d.attr(DW_AT.name);
    if (name) return nameRefOf(st, u, name);
    offset = d.ref(DW_AT.abstract_origin) ?? d.ref(DW_AT.specification) ?? -1;
  }
  return NaN;
}
