// Abbreviation declarations compiled into a small instruction stream for the indexing
// scan, after drgn's libdrgn/dwarf_info.c read_abbrev_decl (enum
// drgn_dwarf_index_abbrev_insn): consecutive fixed-size attributes merge into one skip,
// and only the attributes the index needs (name, sibling, declaration, pc range,
// specification/abstract_origin) are recorded, as (position, form) pairs.
import { BadDataError } from '../../../errors';
import { parseAbbrevDeclAt, type AbbrevDecl, type AbbrevLookup } from '../abbrev';
import { DW_AT, DW_FORM, DW_TAG } from '../constants';
import { lebEnd, slebAt, ulebAt } from '../leb-scanner';
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
// Slots of unit DIEs only (DW_TAG_compile_unit and kin), besides name, low, high, ranges.
export const SLOT_STMT_LIST = 8;
export const SLOT_COMP_DIR = 9;
export const SLOT_STR_OFFSETS_BASE = 10;
export const SLOT_ADDR_BASE = 11;
export const SLOT_RNGLISTS_BASE = 12;
export const SLOT_LOCLISTS_BASE = 13;
export const SLOTS = 16;

/** Key of a recorded slot's DW_FORM_implicit_const value in AbbrevProgram.implicit. */
export function implicitKey(code: number, slot: number): number {
  return code * SLOTS + slot;
}

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

/** Per tag below 256: KIND_* | TYPE_* << 2 (0: not indexed). */
const TAG_KIND = new Uint8Array(256);
for (const [tag, kind, typeKind] of [
  [DW_TAG.structure_type, KIND_TYPE, TYPE_STRUCT],
  [DW_TAG.class_type, KIND_TYPE, TYPE_STRUCT],
  [DW_TAG.union_type, KIND_TYPE, TYPE_UNION],
  [DW_TAG.typedef, KIND_TYPE, TYPE_TYPEDEF],
  [DW_TAG.enumeration_type, KIND_TYPE, TYPE_ENUM],
  [DW_TAG.base_type, KIND_TYPE, TYPE_BASE],
  [DW_TAG.subprogram, KIND_FUNCTION, 0],
  [DW_TAG.variable, KIND_VARIABLE, 0],
] as const) {
  TAG_KIND[tag] = kind | (typeKind << 2);
}

/** Slot of each recorded attribute below 256 (-1: not recorded). */
const ATTR_SLOT = new Int8Array(256).fill(-1);
for (const [at, slot] of [
  [DW_AT.name, SLOT_NAME],
  [DW_AT.sibling, SLOT_SIBLING],
  [DW_AT.declaration, SLOT_DECL],
  [DW_AT.low_pc, SLOT_LOW],
  [DW_AT.high_pc, SLOT_HIGH],
  [DW_AT.ranges, SLOT_RANGES],
  [DW_AT.specification, SLOT_SPEC],
  [DW_AT.abstract_origin, SLOT_ORIGIN],
] as const) {
  ATTR_SLOT[at] = slot;
}

/** Slot of a unit DIE's attribute (-1: not recorded). */
function unitSlot(at: number): number {
  switch (at) {
    case DW_AT.name:
      return SLOT_NAME;
    case DW_AT.low_pc:
      return SLOT_LOW;
    case DW_AT.high_pc:
      return SLOT_HIGH;
    case DW_AT.ranges:
      return SLOT_RANGES;
    case DW_AT.stmt_list:
      return SLOT_STMT_LIST;
    case DW_AT.comp_dir:
      return SLOT_COMP_DIR;
    case DW_AT.str_offsets_base:
      return SLOT_STR_OFFSETS_BASE;
    case DW_AT.addr_base:
    case DW_AT.GNU_addr_base:
      return SLOT_ADDR_BASE;
    case DW_AT.rnglists_base:
      return SLOT_RNGLISTS_BASE;
    case DW_AT.loclists_base:
      return SLOT_LOCLISTS_BASE;
    default:
      return -1;
  }
}

function isUnitTag(tag: number): boolean {
  return (
    tag === DW_TAG.compile_unit ||
    tag === DW_TAG.partial_unit ||
    tag === DW_TAG.type_unit ||
    tag === DW_TAG.skeleton_unit
  );
}

/** fixedFormSize for the standard forms (< 0x30), per unit shape. */
const formSizeTables = new Map<string, Int8Array>();
function formSizes(unit: Omit<FormUnit, 'offset'>): Int8Array {
  const key = `${unit.addressSize}/${unit.offsetSize}/${unit.version <= 2 ? 2 : 3}`;
  let t = formSizeTables.get(key);
  if (!t) {
    t = new Int8Array(0x30);
    for (let f = 0; f < 0x30; f++) t[f] = fixedFormSize(f, unit);
    formSizeTables.set(key, t);
  }
  return t;
}

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
    /** DW_FORM_implicit_const values of recorded slots, keyed by implicitKey. */
    readonly implicit: ReadonlyMap<number, number>,
    /** Offset in `table` of each code's tag (to decode the declaration on demand). */
    private readonly declPos: Int32Array,
    private readonly table: Uint8Array,
    private readonly source: string,
    private readonly fileOffset: number,
  ) {}

  get(code: number): AbbrevDecl | undefined {
    if (code >= this.start.length || this.start[code]! < 0) return undefined;
    let d = this.views.get(code);
    if (!d) {
      d = parseAbbrevDeclAt(this.table, this.declPos[code]!, code, this.source, this.fileOffset);
      this.views.set(code, d);
    }
    return d;
  }
}

/**
 * Per-code arrays, shared by all compilations of this thread (codes are normally 1, 2,
 * 3…): filled for one table, then copied out at its exact size, then cleared.
 */
class CodeArrays {
  n = 0;
  /** Highest code of the table being compiled. */
  max = 0;
  start = new Int32Array(0);
  kind = new Uint8Array(0);
  typeKind = new Uint8Array(0);
  hasChildren = new Uint8Array(0);
  slots = new Uint16Array(0);
  declPos = new Int32Array(0);

  ensure(code: number): void {
    if (code > this.max) this.max = code;
    if (code < this.n) return;
    const n = Math.max(code + 1, this.n * 2, 256);
    const start = new Int32Array(n).fill(-1);
    start.set(this.start);
    this.start = start;
    const declPos = new Int32Array(n);
    declPos.set(this.declPos);
    this.declPos = declPos;
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    this.kind = kind;
    const typeKind = new Uint8Array(n);
    typeKind.set(this.typeKind);
    this.typeKind = typeKind;
    const hasChildren = new Uint8Array(n);
    hasChildren.set(this.hasChildren);
    this.hasChildren = hasChildren;
    const slots = new Uint16Array(n);
    slots.set(this.slots);
    this.slots = slots;
    this.n = n;
  }

  /** Exact-size copies of the arrays of this table; the shared ones are cleared. */
  take(): {
    start: Int32Array;
    kind: Uint8Array;
    typeKind: Uint8Array;
    hasChildren: Uint8Array;
    slots: Uint16Array;
    declPos: Int32Array;
  } {
    const end = this.max + 1;
    const out = {
      start: this.start.slice(0, end),
      kind: this.kind.slice(0, end),
      typeKind: this.typeKind.slice(0, end),
      hasChildren: this.hasChildren.slice(0, end),
      slots: this.slots.slice(0, end),
      declPos: this.declPos.slice(0, end),
    };
    this.clear();
    return out;
  }

  /** Clears what the last table set (also after a table that failed to compile). */
  clear(): void {
    const end = this.max + 1;
    this.start.fill(-1, 0, end);
    this.kind.fill(0, 0, end);
    this.typeKind.fill(0, 0, end);
    this.hasChildren.fill(0, 0, end);
    this.slots.fill(0, 0, end);
    this.max = 0;
  }
}

const shared = new CodeArrays();
let opsScratch = new Int32Array(4096);

const MAX_CODE = 1 << 16;
const NO_IMPLICIT: ReadonlyMap<number, number> = new Map();

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
  const b = section;
  const n = b.length;
  const c = shared;
  c.clear();
  let implicit: Map<number, number> | null = null;
  let ops = opsScratch;
  let len = 0;
  const sizes = formSizes(unit);
  let p = offset;
  for (;;) {
    const at = p;
    if (at >= n) bad('abbreviation code (the table ends with code 0)', 'end of .debug_abbrev', at);
    // ULEB128 fields are read inline with a one-byte fast path (GCC: codes, tags,
    // attributes and forms below 0x80 nearly always).
    let code = b[p]!;
    if (code < 0x80) p++;
    else {
      code = ulebAt(b, p);
      p = lebEnd;
    }
    if (code === 0) break;
    // Producers number codes 1, 2, 3…; a huge code is corrupt data (drgn rejects gaps).
    if (code >= MAX_CODE) bad(`abbreviation codes below ${MAX_CODE}`, `${code}`, at);
    if (code >= c.n) c.ensure(code);
    else if (code > c.max) c.max = code;
    if (c.start[code]! >= 0) bad('unique abbreviation codes', `duplicate code ${code}`, at);
    c.declPos[code] = p - offset;
    c.start[code] = len;
    let tag = b[p] ?? 0;
    if (tag < 0x80) p++;
    else {
      tag = ulebAt(b, p);
      p = lebEnd;
    }
    c.hasChildren[code] = (b[p++] ?? 0) !== 0 ? 1 : 0;
    const tk = tag < 256 ? TAG_KIND[tag]! : 0;
    const record = tk !== 0;
    const unitDie = isUnitTag(tag);
    c.kind[code] = tk & 3;
    c.typeKind[code] = tk >> 2;
    let pending = 0;
    let slots = 0;
    for (;;) {
      let name = b[p] ?? 0;
      if (name < 0x80) p++;
      else {
        name = ulebAt(b, p);
        p = lebEnd;
      }
      let form = b[p] ?? 0;
      if (form < 0x80) p++;
      else {
        form = ulebAt(b, p);
        p = lebEnd;
      }
      if (p > n) bad('abbreviation declaration within .debug_abbrev', 'end of section', at);
      if (name === 0 && form === 0) break;
      if (len + 8 > ops.length) ops = grow(ops);
      // The sibling is always needed (to skip children); the rest only for indexed tags.
      const slot = unitDie
        ? unitSlot(name)
        : name < 256 && (record || name === DW_AT.sibling)
          ? ATTR_SLOT[name]!
          : -1;
      if (form === DW_FORM.implicit_const) {
        const value = slebAt(b, p);
        p = lebEnd;
        if (slot >= 0) (implicit ??= new Map()).set(implicitKey(code, slot), value);
      }
      const size = form < 0x30 ? sizes[form]! : fixedFormSize(form, unit);
      if (slot < 0 && size >= 0) {
        pending += size;
        continue;
      }
      if (pending > 0) {
        ops[len++] = OP_SKIP;
        ops[len++] = pending;
        pending = 0;
      }
      if (form === DW_FORM.indirect) {
        ops[len++] = OP_INDIRECT;
        ops[len++] = slot + 1;
        if (slot >= 0) slots |= 1 << slot;
        continue;
      }
      if (slot >= 0) {
        ops[len++] = OP_RECORD;
        ops[len++] = slot | (form << 4);
        slots |= 1 << slot;
        if (size >= 0) {
          pending = size;
          continue;
        }
      }
      const op = variableOp(form);
      if (op < 0) bad('a known DWARF form', `0x${form.toString(16)} (abbreviation ${code})`, at);
      ops[len++] = op;
      ops[len++] = 0;
    }
    if (len + 4 > ops.length) ops = grow(ops);
    if (pending > 0) {
      ops[len++] = OP_SKIP;
      ops[len++] = pending;
    }
    ops[len++] = OP_END;
    ops[len++] = 0;
    c.slots[code] = slots;
  }
  opsScratch = ops;
  const t = c.take();
  return new AbbrevProgram(
    tableOffset,
    ops.slice(0, len),
    t.start,
    t.kind,
    t.typeKind,
    t.hasChildren,
    t.slots,
    implicit ?? NO_IMPLICIT,
    t.declPos,
    // A copy of just this table: `section` may be a reused read window.
    section.slice(offset, p),
    source,
    fileOffset + offset,
  );
}

function grow(ops: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(ops.length * 2);
  bigger.set(ops);
  return bigger;
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
