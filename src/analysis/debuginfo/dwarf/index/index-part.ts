// The compact tables one index worker returns: typed arrays (transferable) plus a small
// string table. Addresses are stored as two u32 halves, never as doubles. Names are
// "name refs": a .debug_str offset (>= 0: the linker merged equal strings, so one offset
// names one string and workers never decode .debug_str), or -(1 + i) for entry i of the
// part's own strings (inline DW_FORM_string and line_strp names); NaN for none.
import { TYPE_BASE } from './abbrev-program';
import { IntMap } from './int-map';
import { Column } from './typed-column';

const KINDS = TYPE_BASE + 1;

/** Fields of one unit row in IndexPart.units. */
export const U_OFFSET = 0;
export const U_END = 1;
export const U_DIE = 2;
export const U_VERSION = 3;
export const U_TYPE = 4;
export const U_OFFSET_SIZE = 5;
export const U_ADDRESS_SIZE = 6;
export const U_ABBREV = 7;
export const U_STR_OFFSETS_BASE = 8;
export const U_ADDR_BASE = 9;
export const U_RNGLISTS_BASE = 10;
export const U_LOCLISTS_BASE = 11;
export const U_STMT_LIST = 12;
export const U_NAME = 13;
export const U_COMP_DIR = 14;
export const U_BASE_LO = 15;
export const U_BASE_HI = 16;
export const U_SIG_LO = 17;
export const U_SIG_HI = 18;
export const U_TYPE_OFFSET = 19;
export const UNIT_FIELDS = 20;

/** Rows of IndexPart.deferred: DW_AT_ranges the main thread resolves (it holds .debug_rnglists). */
export const D_OWNER = 0; // 0: function, 1: the unit itself
export const D_UNIT = 1; // local unit index
export const D_DIE = 2;
export const D_NAME = 3;
export const D_FORM = 4; // 0: section offset, 1: rnglistx index
export const D_VALUE = 5;
export const DEFERRED_FIELDS = 6;

export interface IndexPart {
  strings: string[];
  /**
   * Set on a lane's parts after its first (the WebAssembly scan's chunk answers): `strings`
   * holds only the lane's strings from this id on; build-index.ts joins them up.
   */
  stringBase?: number;
  /** UNIT_FIELDS numbers per unit (-1 for absent values; names are name refs). */
  units: Float64Array;
  /** Unit PC ranges: [lowLo, lowHi, highLo, highHi] per range; owner = local unit index. */
  unitRanges: Uint32Array;
  unitRangeOwner: Int32Array;
  /**
   * [typeKind, nameRef, dieOffset, isDeclaration] per (kind, name): one row each, except
   * that the WebAssembly scan appends a definition that replaces a declaration as a row of
   * its own (the merge keeps the definition either way).
   */
  types: Float64Array;
  /** [lowLo, lowHi, highLo, highHi] per function range. */
  functionRanges: Uint32Array;
  /** Name ref per function range (NaN: read the name from the DIE, an origin elsewhere). */
  functionName: Float64Array;
  functionDie: Float64Array;
  /** [nameRef, dieOffset, isDeclaration] per variable name, as `types`. */
  variables: Float64Array;
  /** DEFERRED_FIELDS per DW_AT_ranges left to the main thread. */
  deferred: Float64Array;
}

export function partTransferables(p: IndexPart): ArrayBuffer[] {
  return [
    p.units,
    p.unitRanges,
    p.unitRangeOwner,
    p.types,
    p.functionRanges,
    p.functionName,
    p.functionDie,
    p.variables,
    p.deferred,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** Where a part's strings and entries go: its own tables (PartEntries) or the WebAssembly scan's. */
export interface EntrySink {
  /** Name ref of a string of the part. */
  intern(s: string): number;
  /** Adds the type; a definition replaces a declaration (drgn_dwarf_find_definition). */
  addType(typeKind: number, name: number, die: number, decl: boolean): void;
  addVariable(name: number, die: number, decl: boolean): void;
  addFunctionRange(
    name: number,
    die: number,
    lowLo: number,
    lowHi: number,
    highLo: number,
    highHi: number,
  ): void;
  /** A DW_AT_ranges list for the main thread to read (`rnglistx`: value is an index). */
  defer(
    owner: number,
    unit: number,
    die: number,
    name: number,
    rnglistx: boolean,
    value: number,
  ): void;
}

const f64 = (n: number) => new Float64Array(n);
const u32 = (n: number) => new Uint32Array(n);
const i32 = (n: number) => new Int32Array(n);

/** A part's own strings and entries; keeps one type or variable per name ref. */
export class PartEntries implements EntrySink {
  readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  readonly types = new Column(f64(4096), f64);
  private readonly typeSlots = new IntMap();
  readonly functionRanges = new Column(u32(4096), u32);
  readonly functionName = new Column(f64(1024), f64);
  readonly functionDie = new Column(f64(1024), f64);
  readonly variables = new Column(f64(1024), f64);
  private readonly variableSlots = new IntMap();
  readonly deferred = new Column(f64(256), f64);

  intern(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return -(1 + id);
  }

  addType(typeKind: number, name: number, die: number, decl: boolean): void {
    const key = name * KINDS + typeKind;
    const slot = this.typeSlots.get(key);
    if (slot < 0) {
      this.typeSlots.set(key, this.types.length);
      this.types.push(typeKind);
      this.types.push(name);
      this.types.push(die);
      this.types.push(decl ? 1 : 0);
    } else if (!decl && this.types.get(slot + 3) === 1) {
      this.types.set(slot + 2, die);
      this.types.set(slot + 3, 0);
    }
  }

  addVariable(name: number, die: number, decl: boolean): void {
    const slot = this.variableSlots.get(name);
    if (slot < 0) {
      this.variableSlots.set(name, this.variables.length);
      this.variables.push(name);
      this.variables.push(die);
      this.variables.push(decl ? 1 : 0);
    } else if (!decl && this.variables.get(slot + 2) === 1) {
      this.variables.set(slot + 1, die);
      this.variables.set(slot + 2, 0);
    }
  }

  addFunctionRange(
    name: number,
    die: number,
    lowLo: number,
    lowHi: number,
    highLo: number,
    highHi: number,
  ): void {
    this.functionRanges.push(lowLo);
    this.functionRanges.push(lowHi);
    this.functionRanges.push(highLo);
    this.functionRanges.push(highHi);
    this.functionName.push(name);
    this.functionDie.push(die);
  }

  defer(
    owner: number,
    unit: number,
    die: number,
    name: number,
    rnglistx: boolean,
    value: number,
  ): void {
    for (const v of [owner, unit, die, name, rnglistx ? 1 : 0, value]) this.deferred.push(v);
  }
}

/**
 * Accumulates the index rows of many units: unit rows here, strings and entries in
 * `entries` (this part's own, or the WebAssembly scan's tables in a WebAssembly session).
 */
export class IndexPartBuilder {
  readonly units = new Column(f64(UNIT_FIELDS * 64), f64);
  readonly unitRanges = new Column(u32(256), u32);
  readonly unitRangeOwner = new Column(i32(64), i32);
  private readonly own = new PartEntries();
  entries: EntrySink = this.own;

  get unitCount(): number {
    return this.units.length / UNIT_FIELDS;
  }

  /** The part, from this builder's own entries. */
  finish(): IndexPart {
    const e = this.own;
    return {
      strings: e.strings,
      units: this.units.finish(),
      unitRanges: this.unitRanges.finish(),
      unitRangeOwner: this.unitRangeOwner.finish(),
      types: e.types.finish(),
      functionRanges: e.functionRanges.finish(),
      functionName: e.functionName.finish(),
      functionDie: e.functionDie.finish(),
      variables: e.variables.finish(),
      deferred: e.deferred.finish(),
    };
  }
}
