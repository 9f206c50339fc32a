// The indexing scan: walks the DIEs of whole units in a chunk of .debug_info and records
// the depth-1 DIEs the index needs (named types, functions with PCs, named variables),
// as drgn's libdrgn/dwarf_info.c index_cu does. Children are skipped through
// DW_AT_sibling when present; otherwise walked with the compiled skip programs.
// Bounds: a DIE may run past the unit only through fixed-size skips or LEB reads of
// undefined bytes (which end at once); every DIE start is checked against the unit end.
import { BadDataError } from '../../../errors';
import { DW_AT, DW_FORM, DW_UT } from '../constants';
import { readDie, type DieUnit } from '../die';
import { readForm } from '../forms';
import { DwarfReader, stringAt } from '../reader';
import { readRanges } from '../ranges';
import { resolveAddress, strxOffset, type SmallSections } from '../unit-bases';
import { readUnitHeader, type UnitHeader } from '../unit-header';
import { readUnitDie } from '../unit-die';
import * as P from './abbrev-program';
import type { IndexPartBuilder } from './index-part';
import * as U from './index-part';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const TWO32 = 0x100000000;

export interface ScanState {
  small: SmallSections;
  builder: IndexPartBuilder;
  programs: Map<string, P.AbbrevProgram>;
}

export function newScanState(small: SmallSections, builder: IndexPartBuilder): ScanState {
  return { small, builder, programs: new Map() };
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
  const abbrev = st.small.abbrev;
  if (!abbrev) throw new BadDataError(st.small.source, 0, 'a .debug_abbrev section', 'none');
  // Compiled programs depend on the sizes of addresses, offsets and ref_addr.
  const key = `${h.abbrevOffset}/${h.addressSize}/${h.offsetSize}/${h.version <= 2 ? 2 : 3}`;
  let prog = st.programs.get(key);
  if (!prog) {
    prog = P.compileAbbrevs(abbrev.bytes, h.abbrevOffset, h, st.small.source, abbrev.fileOffset);
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
  const unitIndex = b.units.length / U.UNIT_FIELDS;
  const row = new Float64Array(U.UNIT_FIELDS).fill(-1);
  const u = info.unit;
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
  row[U.U_NAME] = info.name === null ? -1 : b.intern(info.name);
  row[U.U_COMP_DIR] = info.compDir === null ? -1 : b.intern(info.compDir);
  row[U.U_BASE_LO] = Number(u.baseAddress & 0xffffffffn);
  row[U.U_BASE_HI] = Number(u.baseAddress >> 32n);
  if (h.typeSignature !== undefined) {
    row[U.U_SIG_LO] = Number(h.typeSignature & 0xffffffffn);
    row[U.U_SIG_HI] = Number(h.typeSignature >> 32n);
    row[U.U_TYPE_OFFSET] = h.typeOffset ?? -1;
  }
  for (const v of row) b.units.push(v);
  if (
    h.unitType === DW_UT.compile ||
    h.unitType === DW_UT.partial ||
    h.unitType === DW_UT.skeleton
  ) {
    for (const [lo, hi] of info.ranges) {
      pushAddr(b.unitRanges, lo);
      pushAddr(b.unitRanges, hi);
      b.unitRangeOwner.push(unitIndex);
    }
  }
  if (info.die?.hasChildren) scanDies(st, prog, u, info.die.end);
}

function pushAddr(col: { push(v: number): void }, a: bigint): void {
  col.push(Number(a & 0xffffffffn));
  col.push(Number((a >> 32n) & 0xffffffffn));
}

// Recorded attribute positions (index into bytes) and forms, per slot.
const recPos = new Int32Array(8);
const recForm = new Int32Array(8);

function scanDies(st: ScanState, prog: P.AbbrevProgram, u: DieUnit, first: number): void {
  const b = u.bytes;
  const start = u.start;
  const end = u.header.end - start;
  const { ops, kind, hasChildren, slots } = prog;
  const opStart = prog.start;
  const nCodes = opStart.length;
  const le = u.littleEndian;
  let pos = first - start;
  let depth = 1;
  for (;;) {
    if (pos >= end) {
      if (pos > end) badDie(u, pos, 'DIE within the unit', 'data past the unit end');
      return; // a unit may end without its final 0 codes
    }
    const dieStart = pos;
    let code = b[pos++]!;
    if (code >= 0x80) {
      code &= 0x7f;
      let mul = 128;
      let byte: number;
      do {
        byte = b[pos++] ?? 0;
        code += (byte & 0x7f) * mul;
        mul *= 128;
      } while (byte >= 0x80);
    }
    if (code === 0) {
      if (--depth === 0) return;
      continue;
    }
    let ip = code < nCodes ? opStart[code]! : -1;
    if (ip < 0)
      badDie(
        u,
        dieStart,
        `an abbreviation code of the table at 0x${u.abbrev.offset.toString(16)}`,
        `${code}`,
      );
    run: for (;;) {
      const op = ops[ip]!;
      const arg = ops[ip + 1]!;
      ip += 2;
      switch (op) {
        case P.OP_SKIP:
          pos += arg;
          break;
        case P.OP_END:
          break run;
        case P.OP_RECORD:
          recPos[arg & 15] = pos;
          recForm[arg & 15] = arg >> 4;
          break;
        case P.OP_LEB:
          while ((b[pos++] ?? 0) >= 0x80);
          break;
        case P.OP_STRING: {
          const nul = b.indexOf(0, pos);
          pos = nul < 0 || nul >= end ? end + 1 : nul + 1;
          break;
        }
        case P.OP_BLOCK1:
          pos += 1 + (b[pos] ?? 0);
          break;
        case P.OP_BLOCK2:
          pos += 2 + readFixed(b, pos, 2, le);
          break;
        case P.OP_BLOCK4:
          pos += 4 + readFixed(b, pos, 4, le);
          break;
        case P.OP_BLOCK_LEB: {
          let len = 0;
          let mul = 1;
          let byte: number;
          do {
            byte = b[pos++] ?? 0;
            len += (byte & 0x7f) * mul;
            mul *= 128;
          } while (byte >= 0x80);
          pos += len;
          break;
        }
        default:
          pos = indirect(u, pos, arg);
      }
    }
    if (pos > end)
      badDie(
        u,
        dieStart,
        'DIE attributes within the unit',
        `attributes running to 0x${(start + pos).toString(16)}`,
      );
    const k = kind[code]!;
    if (depth === 1 && k !== P.KIND_NONE) record(st, prog, u, code, k, start + dieStart);
    if (hasChildren[code]) {
      if (slots[code]! & (1 << P.SLOT_SIBLING)) {
        const target = refAt(u, recPos[P.SLOT_SIBLING]!, recForm[P.SLOT_SIBLING]!) - start;
        if (target <= dieStart || target > end) {
          badDie(
            u,
            dieStart,
            `DW_AT_sibling after the DIE and within the unit`,
            `0x${(start + target).toString(16)}`,
          );
        }
        pos = target;
      } else {
        depth++;
      }
    }
  }
}

function badDie(u: DieUnit, pos: number, expected: string, found: string): never {
  throw new BadDataError(u.source, u.fileOffset + pos, expected, found);
}

function readFixed(b: Uint8Array, pos: number, size: number, le: boolean): number {
  let v = 0;
  if (le) for (let i = size - 1; i >= 0; i--) v = v * 256 + (b[pos + i] ?? 0);
  else for (let i = 0; i < size; i++) v = v * 256 + (b[pos + i] ?? 0);
  return v;
}

/** DW_FORM_indirect: decode the real form with the generic reader (rare). */
function indirect(u: DieUnit, pos: number, slotPlusOne: number): number {
  const r = new DwarfReader(u.bytes, u.source, u.fileOffset, u.littleEndian);
  r.pos = pos;
  const form = r.uleb('indirect form');
  if (slotPlusOne > 0) {
    recPos[slotPlusOne - 1] = r.pos;
    recForm[slotPlusOne - 1] = form;
  }
  r.pos = pos;
  readForm(r, DW_FORM.indirect, u);
  return r.pos;
}

/** A reference attribute recorded at `pos` with `form`, as a section offset. */
function refAt(u: DieUnit, pos: number, form: number): number {
  const b = u.bytes;
  const le = u.littleEndian;
  switch (form) {
    case DW_FORM.ref4:
      return u.header.offset + readFixed(b, pos, 4, le);
    case DW_FORM.ref1:
      return u.header.offset + b[pos]!;
    case DW_FORM.ref2:
      return u.header.offset + readFixed(b, pos, 2, le);
    case DW_FORM.ref8:
      return u.header.offset + readFixed(b, pos, 8, le);
    default: {
      const r = new DwarfReader(b, u.source, u.fileOffset, le);
      r.pos = pos;
      const v = readForm(r, form, u);
      return v.kind === 'ref' ? v.offset : -1;
    }
  }
}

function isDeclaration(u: DieUnit, prog: P.AbbrevProgram, code: number): boolean {
  if (!(prog.slots[code]! & (1 << P.SLOT_DECL))) return false;
  const form = recForm[P.SLOT_DECL]!;
  if (form === DW_FORM.flag_present) return true;
  if (form === DW_FORM.flag) return u.bytes[recPos[P.SLOT_DECL]!] !== 0;
  if (form === DW_FORM.implicit_const)
    return (prog.implicit.get(code * 8 + P.SLOT_DECL) ?? 0) !== 0;
  return true;
}

function record(
  st: ScanState,
  prog: P.AbbrevProgram,
  u: DieUnit,
  code: number,
  k: number,
  die: number,
): void {
  const mask = prog.slots[code]!;
  const b = st.builder;
  if (k !== P.KIND_FUNCTION) {
    if (!(mask & (1 << P.SLOT_NAME))) return;
    const isType = k === P.KIND_TYPE;
    const typeKind = isType ? prog.typeKind[code]! : 0;
    const pos = recPos[P.SLOT_NAME]!;
    const form = recForm[P.SLOT_NAME]!;
    let strp = -1;
    if (form === DW_FORM.strp && u.offsetSize === 4) {
      const bytes = u.bytes;
      strp = u.littleEndian
        ? (bytes[pos]! |
            (bytes[pos + 1]! << 8) |
            (bytes[pos + 2]! << 16) |
            (bytes[pos + 3]! << 24)) >>>
          0
        : readFixed(bytes, pos, 4, false);
      const slot = b.slotByStrp(isType, typeKind, strp);
      if (slot >= 0) {
        if (b.slotIsDeclaration(isType, slot) && !isDeclaration(u, prog, code))
          b.define(isType, slot, die);
        return;
      }
    }
    const name = nameAt(st, u, pos, form);
    if (name < 0) return;
    const decl = isDeclaration(u, prog, code);
    const slot = isType ? b.addType(typeKind, name, die, decl) : b.addVariable(name, die, decl);
    if (strp >= 0) b.setSlotByStrp(isType, typeKind, strp, slot);
    return;
  }
  // Functions: only those with code (low_pc/high_pc or ranges, DWARF 5 §2.17).
  if (!(mask & ((1 << P.SLOT_LOW) | (1 << P.SLOT_RANGES)))) return;
  let name = -1;
  if (mask & (1 << P.SLOT_NAME)) name = nameAt(st, u, recPos[P.SLOT_NAME]!, recForm[P.SLOT_NAME]!);
  else {
    const slot =
      mask & (1 << P.SLOT_ORIGIN) ? P.SLOT_ORIGIN : mask & (1 << P.SLOT_SPEC) ? P.SLOT_SPEC : -1;
    if (slot >= 0) name = nameThroughRef(st, u, refAt(u, recPos[slot]!, recForm[slot]!));
  }
  if (mask & (1 << P.SLOT_RANGES)) {
    const r = new DwarfReader(u.bytes, u.source, u.fileOffset, u.littleEndian);
    r.pos = recPos[P.SLOT_RANGES]!;
    for (const [lo, hi] of readRanges(readForm(r, recForm[P.SLOT_RANGES]!, u), u, st.small)) {
      if (lo !== 0n && lo < hi) addRange(b, name, die, lo, hi);
    }
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
    const a = addressAt(st, u, lp, lowForm);
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
    case DW_FORM.data2:
    case DW_FORM.data4:
    case DW_FORM.data8: {
      const size =
        highForm === DW_FORM.data1
          ? 1
          : highForm === DW_FORM.data2
            ? 2
            : highForm === DW_FORM.data4
              ? 4
              : 8;
      len = readFixed(u.bytes, hp, size, le);
      break;
    }
    case DW_FORM.udata:
    case DW_FORM.sdata: {
      const r = new DwarfReader(u.bytes, u.source, u.fileOffset, le);
      r.pos = hp;
      len = r.uleb();
      break;
    }
    case DW_FORM.implicit_const:
      len = prog.implicit.get(code * 8 + P.SLOT_HIGH) ?? 0;
      break;
    default: {
      const a = addressAt(st, u, hp, highForm);
      if (a === null) return;
      const low = BigInt(lowHi) * 0x100000000n + BigInt(lowLo);
      if (a > low) addRange(b, name, die, low, a);
      return;
    }
  }
  if (!(len > 0)) return;
  const sum = lowLo + len;
  b.addFunctionRange(name, die, lowLo, lowHi, sum % TWO32, (lowHi + Math.floor(sum / TWO32)) >>> 0);
}

function addRange(b: IndexPartBuilder, name: number, die: number, lo: bigint, hi: bigint): void {
  b.addFunctionRange(
    name,
    die,
    Number(lo & 0xffffffffn),
    Number(lo >> 32n),
    Number(hi & 0xffffffffn),
    Number((hi >> 32n) & 0xffffffffn),
  );
}

function addressAt(st: ScanState, u: DieUnit, pos: number, form: number): bigint | null {
  const r = new DwarfReader(u.bytes, u.source, u.fileOffset, u.littleEndian);
  r.pos = pos;
  return resolveAddress(readForm(r, form, u), u, st.small);
}

/** String id of a name attribute at `pos`, or -1. */
function nameAt(st: ScanState, u: DieUnit, pos: number, form: number): number {
  const b = st.builder;
  let strp: number;
  switch (form) {
    case DW_FORM.strp:
      strp = readFixed(u.bytes, pos, u.offsetSize, u.littleEndian);
      break;
    case DW_FORM.string: {
      const bytes = u.bytes;
      let s = '';
      for (let i = pos; ; i++) {
        const c = bytes[i] ?? 0;
        if (c === 0) return b.intern(s);
        if (c >= 0x80) {
          const nul = bytes.indexOf(0, pos);
          return b.intern(utf8.decode(bytes.subarray(pos, nul < 0 ? bytes.length : nul)));
        }
        s += String.fromCharCode(c);
      }
    }
    default: {
      const r = new DwarfReader(u.bytes, u.source, u.fileOffset, u.littleEndian);
      r.pos = pos;
      const v = readForm(r, form, u);
      if (v.kind === 'strx') strp = strxOffset(v.index, u, st.small);
      else if (v.kind === 'strp' && v.section === 'str') strp = v.offset;
      else if (v.kind === 'strp' && v.section === 'line_str' && st.small.line_str) {
        const s = stringAt(st.small.line_str.bytes, v.offset);
        return s === null ? -1 : b.intern(s);
      } else return -1;
    }
  }
  const known = b.strpIds.get(strp);
  if (known !== undefined) return known;
  const str = st.small.str ? stringAt(st.small.str.bytes, strp) : null;
  if (str === null)
    badDie(u, pos, 'a .debug_str offset within the section', `0x${strp.toString(16)}`);
  const id = b.intern(str);
  b.strpIds.set(strp, id);
  return id;
}

/** Name of the DIE at `offset` (through DW_AT_specification / abstract_origin), or -1. */
function nameThroughRef(st: ScanState, u: DieUnit, offset: number): number {
  for (let hops = 0; hops < 4; hops++) {
    if (offset < u.header.dieOffset || offset >= u.header.end) return -1; // other unit: resolved lazily
    const d = readDie(u, offset);
    if (!d) return -1;
    for (let i = 0; i < d.decl.attrs.length; i++) {
      if (d.decl.attrs[i] === DW_AT.name) {
        const v = d.values[i]!;
        if (v.kind === 'string') return st.builder.intern(v.value);
        if (v.kind === 'strp' && v.section === 'str') return strpId(st, u, v.offset);
        if (v.kind === 'strx') return strpId(st, u, strxOffset(v.index, u, st.small));
        return -1;
      }
    }
    const next = d.ref(DW_AT.abstract_origin) ?? d.ref(DW_AT.specification);
    if (next === null) return -1;
    offset = next;
  }
  return -1;
}

function strpId(st: ScanState, u: DieUnit, strp: number): number {
  const b = st.builder;
  const known = b.strpIds.get(strp);
  if (known !== undefined) return known;
  const str = st.small.str ? stringAt(st.small.str.bytes, strp) : null;
  if (str === null) return -1;
  const id = b.intern(str);
  b.strpIds.set(strp, id);
  return id;
}
