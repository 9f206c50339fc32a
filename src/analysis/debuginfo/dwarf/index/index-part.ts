// The compact tables one index worker returns: typed arrays (transferable) plus one
// string table. Addresses are stored as two u32 halves, never as doubles.
import { TYPE_BASE } from './abbrev-program';

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

export interface IndexPart {
  strings: string[];
  /** UNIT_FIELDS numbers per unit (-1 for absent values). */
  units: Float64Array;
  /** Unit PC ranges: [lowLo, lowHi, highLo, highHi] per range; owner = local unit index. */
  unitRanges: Uint32Array;
  unitRangeOwner: Int32Array;
  /** [typeKind, name, dieOffset, isDeclaration] per distinct (kind, name). */
  types: Float64Array;
  /** [lowLo, lowHi, highLo, highHi] per function range. */
  functionRanges: Uint32Array;
  /** Name index, or -1 when the name must be found through the DIE (cross-unit origin). */
  functionName: Int32Array;
  functionDie: Float64Array;
  /** [name, dieOffset, isDeclaration] per distinct variable name. */
  variables: Float64Array;
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
  ].map((a) => a.buffer as ArrayBuffer);
}

type NumArray = Float64Array | Uint32Array | Int32Array;

/** An append-only typed array. */
class Column<T extends NumArray> {
  length = 0;
  constructor(
    private data: T,
    private readonly make: (n: number) => T,
  ) {}

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  /** An exact-size copy (its buffer can be transferred). */
  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

const f64 = (n: number) => new Float64Array(n);
const u32 = (n: number) => new Uint32Array(n);
const i32 = (n: number) => new Int32Array(n);

/** Accumulates index entries of many units; deduplicates types and variables by name. */
export class IndexPartBuilder {
  readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  /** .debug_str offset → string id: merged sections give one offset per distinct name. */
  readonly strpIds = new Map<number, number>();
  readonly units = new Column(f64(UNIT_FIELDS * 64), f64);
  readonly unitRanges = new Column(u32(256), u32);
  readonly unitRangeOwner = new Column(i32(64), i32);
  private readonly types = new Column(f64(4096), f64);
  private readonly typeSlots = new Map<number, number>();
  readonly functionRanges = new Column(u32(4096), u32);
  readonly functionName = new Column(i32(1024), i32);
  readonly functionDie = new Column(f64(1024), f64);
  private readonly variables = new Column(f64(1024), f64);
  private readonly variableSlots = new Map<number, number>();
  private readonly typeByStrp = new Map<number, number>();
  private readonly variableByStrp = new Map<number, number>();

  intern(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  /**
   * Slot of a type or variable already seen with the same .debug_str name offset, or -1
   * (the fast path: most named types are repeated in many units, always through strp).
   */
  slotByStrp(isType: boolean, typeKind: number, strp: number): number {
    return (isType ? this.typeByStrp : this.variableByStrp).get(strp * KINDS + typeKind) ?? -1;
  }

  setSlotByStrp(isType: boolean, typeKind: number, strp: number, slot: number): void {
    (isType ? this.typeByStrp : this.variableByStrp).set(strp * KINDS + typeKind, slot);
  }

  /** True when the entry in `slot` is only a declaration. */
  slotIsDeclaration(isType: boolean, slot: number): boolean {
    return isType ? this.types.get(slot + 3) === 1 : this.variables.get(slot + 2) === 1;
  }

  /** A definition replaces a declaration (drgn_dwarf_find_definition). */
  define(isType: boolean, slot: number, die: number): void {
    if (isType) {
      this.types.set(slot + 2, die);
      this.types.set(slot + 3, 0);
    } else {
      this.variables.set(slot + 1, die);
      this.variables.set(slot + 2, 0);
    }
  }

  /** Adds (or upgrades) the entry of `name`; returns its slot. */
  addType(typeKind: number, name: number, die: number, decl: boolean): number {
    const key = name * KINDS + typeKind;
    const slot = this.typeSlots.get(key);
    if (slot !== undefined) {
      if (!decl && this.types.get(slot + 3) === 1) this.define(true, slot, die);
      return slot;
    }
    const at = this.types.length;
    this.typeSlots.set(key, at);
    this.types.push(typeKind);
    this.types.push(name);
    this.types.push(die);
    this.types.push(decl ? 1 : 0);
    return at;
  }

  addVariable(name: number, die: number, decl: boolean): number {
    const slot = this.variableSlots.get(name);
    if (slot !== undefined) {
      if (!decl && this.variables.get(slot + 2) === 1) this.define(false, slot, die);
      return slot;
    }
    const at = this.variables.length;
    this.variableSlots.set(name, at);
    this.variables.push(name);
    this.variables.push(die);
    this.variables.push(decl ? 1 : 0);
    return at;
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

  finish(): IndexPart {
    return {
      strings: this.strings,
      units: this.units.finish(),
      unitRanges: this.unitRanges.finish(),
      unitRangeOwner: this.unitRangeOwner.finish(),
      types: this.types.finish(),
      functionRanges: this.functionRanges.finish(),
      functionName: this.functionName.finish(),
      functionDie: this.functionDie.finish(),
      variables: this.variables.finish(),
    };
  }
}
