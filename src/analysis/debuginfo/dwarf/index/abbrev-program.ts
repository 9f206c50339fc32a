// Abbreviation declarations compiled into a small instruction stream for the indexing
// scan, after drgn's libdrgn/dwarf_info.c read_abbrev_decl (enum
// drgn_dwarf_index_abbrev_insn): consecutive fixed-size attributes merge into one skip,
// and only the attributes the index needs (name, sibling, declaration, pc range,
// specification/abstract_origin) are recorded, as (position, form) pairs.
import { BadDataError } from '../../../errors';
import { parseAbbrevDeclAt, type AbbrevDecl, type AbbrevLookup } from '../abbrev';
import { LebScanner } from '../leb-scanner';
import { DW_AT, DW_FORM, DW_TAG } from '../constants';
import { fixedFormSize, type FormUnit } from '../forms';

export const OP_END = 0;
export const OP_SKIP = 1; // arg: bytes
export const OP_LEB = 2;
export const OP_BLOCK1 = 3;
export const OP_BLOCK2 = 4;
export const OP_BLOCK4 = 5;
export const OP_BLOCK_LEB = 6;
export const OP_STRING = 7;
export const OP_RECORD = 8; // arg: slot | form << 4 ; records the current position
export const OP_INDIRECT = 9; // arg: slot + 1, or 0 when not recorded

export const SLOT_NAME = 0;
export const SLOT_SIBLING = 1;
export const SLOT_DECL = 2;
export const SLOT_LOW = 3;
export const SLOT_HIGH = 4;
export const SLOT_RANGES = 5;
export const SLOT_SPEC = 6;
export const SLOT_ORIGIN = 7;

/** What the index does with a DIE of this tag at depth 1. */
export const KIND_NONE = 0;
export const KIND_TYPE = 1;
export const KIND_FUNCTION = 2;
export const KIND_VARIABLE = 3;

/** Type kinds as stored in the index (order of TypeSource's name lookup). */
export const TYPE_STRUCT = 0;
export const TYPE_UNION = 1;
export const TYPE_TYPEDEF = 2;
export const TYPE_ENUM = 3;
export const TYPE_BASE = 4;

const INDEXED: Record<number, [number, number]> = {
  [DW_TAG.structure_type]: [KIND_TYPE, TYPE_STRUCT],
  [DW_TAG.class_type]: [KIND_TYPE, TYPE_STRUCT],
  [DW_TAG.union_type]: [KIND_TYPE, TYPE_UNION],
  [DW_TAG.typedef]: [KIND_TYPE, TYPE_TYPEDEF],
  [DW_TAG.enumeration_type]: [KIND_TYPE, TYPE_ENUM],
  [DW_TAG.base_type]: [KIND_TYPE, TYPE_BASE],
  [DW_TAG.subprogram]: [KIND_FUNCTION, 0],
  [DW_TAG.variable]: [KIND_VARIABLE, 0],
};

const SLOTS: Record<number, number> = {
  [DW_AT.name]: SLOT_NAME,
  [DW_AT.sibling]: SLOT_SIBLING,
  [DW_AT.declaration]: SLOT_DECL,
  [DW_AT.low_pc]: SLOT_LOW,
  [DW_AT.high_pc]: SLOT_HIGH,
  [DW_AT.ranges]: SLOT_RANGES,
  [DW_AT.specification]: SLOT_SPEC,
  [DW_AT.abstract_origin]: SLOT_ORIGIN,
};

/**
 * The compiled abbreviation table of one unit. It also answers `get(code)` for the generic
 * DIE reader, decoding a declaration from .debug_abbrev on first use.
 */
export class AbbrevProgram implements AbbrevLookup {
  private readonly views = new Map<number, AbbrevDecl>();

  constructor(
    readonly offset: number,
    /** Instruction stream: (op, arg) pairs; each declaration's program ends with OP_END. */
    readonly ops: Int32Array,
    /** Start of each code's program in `ops`, -1 for unknown codes. Indexed by code. */
    readonly start: Int32Array,
    /** KIND_* of each code (KIND_NONE when not indexed). */
    readonly kind: Uint8Array,
    /** TYPE_* of each indexed type code. */
    readonly typeKind: Uint8Array,
    readonly hasChildren: Uint8Array,
    /** Bit mask of the recorded slots of each code. */
    readonly slots: Uint16Array,
    /** DW_FORM_implicit_const values of recorded slots, keyed code * 8 + slot. */
    readonly implicit: Map<number, number>,
    /** .debug_abbrev offset of each code's tag (to decode the declaration on demand). */
    private readonly declPos: Int32Array,
    private readonly section: Uint8Array,
    private readonly source: string,
    private readonly fileOffset: number,
  ) {}

  get(code: number): AbbrevDecl | undefined {
    if (code >= this.start.length || this.start[code]! < 0) return undefined;
    let d = this.views.get(code);
    if (!d) {
      d = parseAbbrevDeclAt(this.section, this.declPos[code]!, code, this.source, this.fileOffset);
      this.views.set(code, d);
    }
    return d;
  }
}

/** Per-code arrays, grown as codes appear (they are normally 1, 2, 3…). */
class CodeArrays {
  n = 0;
  constructor(expected: number) {
    this.ensure(expected);
  }

  start = new Int32Array(0);
  kind = new Uint8Array(0);
  typeKind = new Uint8Array(0);
  hasChildren = new Uint8Array(0);
  slots = new Uint16Array(0);
  readonly implicit = new Map<number, number>();
  declPos = new Int32Array(0);

  ensure(code: number): void {
    if (code < this.n) return;
    const n = Math.max(code + 1, this.n * 2);
    const grow = <T extends Int32Array | Uint8Array | Uint16Array>(
      a: T,
      size: number,
      fill: number,
    ): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.fill(fill);
      b.set(a);
      return b;
    };
    this.start = grow(this.start, n, -1);
    this.kind = grow(this.kind, n, 0);
    this.typeKind = grow(this.typeKind, n, 0);
    this.hasChildren = grow(this.hasChildren, n, 0);
    this.slots = grow(this.slots, n, 0);
    this.declPos = grow(this.declPos, n, -1);
    this.n = n;
  }
}

const MAX_CODE = 1 << 16;
let lastCodes = 256;
let lastOps = 2048;

/**
 * Compiles the abbreviation table at `offset` of .debug_abbrev (`section`, at file offset
 * `fileOffset`) for units with the given address and offset sizes, in one pass.
 */
export function compileAbbrevs(
  section: Uint8Array,
  offset: number,
  unit: Omit<FormUnit, 'offset'>,
  source: string,
  fileOffset: number,
  /** Offset of the table in .debug_abbrev when `section` is a window of it. */
  tableOffset = offset,
): AbbrevProgram {
  const bad = (expected: string, found: string, at: number): never => {
    throw new BadDataError(source, fileOffset + at, expected, found);
  };
  if (offset < 0 || offset >= section.length) {
    bad(
      `abbreviation table offset within .debug_abbrev (${section.length} bytes)`,
      `0x${offset.toString(16)}`,
      0,
    );
  }
  const r = new LebScanner(section, offset);
  const c = new CodeArrays(lastCodes);
  let ops = new Int32Array(lastOps);
  let len = 0;
  const emit = (op: number, arg: number): void => {
    if (len + 2 > ops.length) {
      const bigger = new Int32Array(ops.length * 2);
      bigger.set(ops);
      ops = bigger;
    }
    ops[len++] = op;
    ops[len++] = arg;
  };
  for (;;) {
    const at = r.pos;
    if (at >= section.length)
      bad('abbreviation code (the table ends with code 0)', 'end of .debug_abbrev', at);
    const code = r.uleb();
    if (code === 0) break;
    // Producers number codes 1, 2, 3…; a huge code is corrupt data (drgn rejects gaps).
    if (code >= MAX_CODE) bad(`abbreviation codes below ${MAX_CODE}`, `${code}`, at);
    c.ensure(code);
    if (c.start[code]! >= 0) bad('unique abbreviation codes', `duplicate code ${code}`, at);
    c.declPos[code] = r.pos;
    c.start[code] = len;
    const tag = r.uleb();
    c.hasChildren[code] = r.u8() !== 0 ? 1 : 0;
    const idx = INDEXED[tag];
    const record = idx !== undefined;
    if (idx) [c.kind[code], c.typeKind[code]] = idx;
    let pending = 0;
    for (;;) {
      const name = r.uleb();
      const form = r.uleb();
      if (r.overrun) bad('abbreviation declaration within .debug_abbrev', 'end of section', at);
      if (name === 0 && form === 0) break;
      const implicitValue = form === DW_FORM.implicit_const ? r.sleb() : 0;
      // The sibling is always needed (to skip children); the rest only for indexed tags.
      const slot = name === DW_AT.sibling || record ? SLOTS[name] : undefined;
      if ((form === DW_FORM.indirect || slot !== undefined) && pending > 0) {
        emit(OP_SKIP, pending);
        pending = 0;
      }
      if (form === DW_FORM.indirect) {
        emit(OP_INDIRECT, slot === undefined ? 0 : slot + 1);
        if (slot !== undefined) c.slots[code]! |= 1 << slot;
        continue;
      }
      if (slot !== undefined) {
        emit(OP_RECORD, slot | (form << 4));
        c.slots[code]! |= 1 << slot;
        if (form === DW_FORM.implicit_const) c.implicit.set(code * 8 + slot, implicitValue);
      }
      const size = fixedFormSize(form, unit);
      if (size >= 0) {
        pending += size;
        continue;
      }
      if (pending > 0) emit(OP_SKIP, pending);
      pending = 0;
      const op = variableOp(form);
      if (op < 0) bad('a known DWARF form', `0x${form.toString(16)} (abbreviation ${code})`, at);
      emit(op, 0);
    }
    if (pending > 0) emit(OP_SKIP, pending);
    emit(OP_END, 0);
  }
  // Tables of one file have similar sizes: start the next one at this one's size.
  lastCodes = c.n;
  lastOps = ops.length;
  return new AbbrevProgram(
    tableOffset,
    ops.slice(0, len),
    c.start,
    c.kind,
    c.typeKind,
    c.hasChildren,
    c.slots,
    c.implicit,
    c.declPos,
    section,
    source,
    fileOffset,
  );
}

function variableOp(form: number): number {
  switch (form) {
    case DW_FORM.sdata:
    case DW_FORM.udata:
    case DW_FORM.ref_udata:
    case DW_FORM.strx:
    case DW_FORM.addrx:
    case DW_FORM.loclistx:
    case DW_FORM.rnglistx:
    case DW_FORM.GNU_addr_index:
    case DW_FORM.GNU_str_index:
      return OP_LEB;
    case DW_FORM.block1:
      return OP_BLOCK1;
    case DW_FORM.block2:
      return OP_BLOCK2;
    case DW_FORM.block4:
      return OP_BLOCK4;
    case DW_FORM.block:
    case DW_FORM.exprloc:
      return OP_BLOCK_LEB;
    case DW_FORM.string:
      return OP_STRING;
    default:
      return -1;
  }
}
