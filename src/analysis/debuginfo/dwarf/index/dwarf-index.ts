// The merged index of all parts: units (by offset and by PC), named types and variables
// (name → DIE offset, definitions preferred over declarations) and functions by address.
// Everything else is parsed lazily from the DIE offsets.
import { BadDataError } from '../../../errors';
import type { SmallSections } from '../unit-bases';
import { TYPE_BASE } from './abbrev-program';
import { AddressTable } from './address-table';
import { readDeferredRanges } from './deferred-ranges';
import {
  FunctionTableBuilder,
  type FunctionEntry,
  type FunctionRows,
  type FunctionTable,
} from './function-table';
import * as U from './index-part';
import type { IndexPart } from './index-part';
import { unitFromRow, type IndexedUnit } from './indexed-unit';
import { NameRefs } from './name-refs';
import { NameTable, type DieEntry, type NameIndex } from './name-table';
import { WasmDeferredRanges } from './wasm-deferred-ranges';
import { WasmNameTable } from './wasm-name-table';
import { wasmScanAvailable } from './wasm-scan';
import { INDEX, sortedPairs } from './sorted-order';
import { concat } from './typed-concat';

export type { FunctionEntry } from './function-table';
export type { IndexedUnit } from './indexed-unit';
export type TypeEntry = DieEntry;

/** The name table kind of variables (after the type kinds). */
const VARIABLE = TYPE_BASE + 1;

/**
 * The merge of parts one at a time, as they arrive (DwarfIndex takes it when all are in):
 * units, named types and variables, function rows and DW_AT_ranges lists.
 */
export class IndexMerge {
  readonly units: IndexedUnit[] = [];
  readonly named: NameIndex;
  readonly refs: NameRefs;
  readonly functions = new FunctionTableBuilder();
  readonly deferredFunctions: FunctionRows[] = [];
  // Unit ranges in runs of one part each, owners local to the run's part.
  readonly unitRanges: ArrayLike<number>[] = [];
  readonly unitOwners: ArrayLike<number>[] = [];
  readonly ownerBase: number[] = [];
  /** Reads the parts' DW_AT_ranges rows where WebAssembly runs (else readDeferredRanges). */
  private readonly ranges: WasmDeferredRanges | null;

  /** `capacity`: the expected number of type and variable rows (the table grows past it). */
  constructor(
    readonly infoSize: number,
    readonly small: SmallSections,
    capacity = 1 << 16,
  ) {
    this.refs = new NameRefs(small);
    const str = small.str?.bytes ?? new Uint8Array(0);
    // Compiled where WebAssembly runs: the merge is cold code on a busy main thread.
    if (wasmScanAvailable()) {
      this.ranges = WasmDeferredRanges.create(small);
      this.named = new WasmNameTable(str, capacity);
    } else {
      this.ranges = null;
      NameTable.prime();
      this.named = new NameTable(str, capacity);
    }
  }

  add(part: IndexPart): void {
    const { small, refs } = this;
    const base = this.units.length;
    for (let r = 0; r < part.units.length; r += U.UNIT_FIELDS)
      this.units.push(unitFromRow(part.units, r, part.strings, refs, this.infoSize));
    checkRef(this.named.addRows(part.types, 4, 1, 0, 0, part.strings), small);
    checkRef(this.named.addRows(part.variables, 3, 0, -1, VARIABLE, part.strings), small);
    const { functionRanges: ranges, functionName: names, functionDie: dies, strings } = part;
    this.functions.add({ ranges, names, dies, strings });
    // DW_AT_ranges the workers left: read here, where .debug_rnglists is.
    const deferred = this.ranges?.read(part) ?? readDeferredRanges(part, this.units, base, small);
    this.deferredFunctions.push(deferred.functions);
    this.unitRanges.push(part.unitRanges, deferred.unitRanges);
    this.unitOwners.push(part.unitRangeOwner, deferred.unitOwners);
    this.ownerBase.push(base, base);
  }
}

export class DwarfIndex {
  readonly units: IndexedUnit[];
  private readonly unitRanges: AddressTable;
  private readonly functions: FunctionTable;
  /** Types by kind (0 to TYPE_BASE) and variables (kind VARIABLE), by name. */
  private readonly named: NameIndex;
  private readonly signatures = new Map<bigint, number>();

  /** The index of `parts`, or of what `merge` took in. */
  constructor(parts: IndexPart[] | IndexMerge, infoSize: number, small: SmallSections) {
    let m: IndexMerge;
    if (parts instanceof IndexMerge) m = parts;
    else {
      // Sized up front: no rehash while merging.
      const rows = parts.reduce((n, p) => n + p.types.length / 4 + p.variables.length / 3, 0);
      m = new IndexMerge(infoSize, small, rows);
      for (const part of parts) m.add(part);
    }
    this.units = m.units;
    this.named = m.named;
    // Functions with DW_AT_ranges after all others: ties in address order keep row order.
    for (const rows of m.deferredFunctions) m.functions.add(rows);
    this.functions = m.functions.build(m.refs);
    const renumber = this.sortUnits();
    const owners = concat(m.unitOwners, Int32Array);
    for (let run = 0, j = 0; run < m.unitOwners.length; run++) {
      const base = m.ownerBase[run]!;
      for (const end = j + m.unitOwners[run]!.length; j < end; j++)
        owners[j] = renumber[base + owners[j]!]!;
    }
    this.unitRanges = new AddressTable(concat(m.unitRanges, Uint32Array), owners);
  }

  /** Puts the units in section order (parts arrive in any order); returns old → new index. */
  private sortUnits(): Int32Array {
    const offsets = new Float64Array(this.units.length);
    this.units.forEach((u, i) => (offsets[i] = u.header.offset));
    const pairs = sortedPairs(offsets);
    const renumber = new Int32Array(offsets.length);
    const units = this.units.slice();
    for (let to = 0; to < units.length; to++) {
      const from = pairs[2 * to + INDEX]!;
      renumber[from] = to;
      const u = (this.units[to] = units[from]!);
      u.index = to;
      if (u.header.typeSignature !== undefined) this.signatures.set(u.header.typeSignature, to);
    }
    return renumber;
  }

  get unitCount(): number {
    return this.units.length;
  }

  get functionCount(): number {
    return this.functions.length;
  }

  /** The unit holding section offset `offset`. */
  unitAt(offset: number): IndexedUnit | undefined {
    let a = 0;
    let b = this.units.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (this.units[m]!.header.offset <= offset) a = m + 1;
      else b = m;
    }
    const u = this.units[a - 1];
    return u && offset < u.header.end ? u : undefined;
  }

  /** The compile unit whose PC ranges contain `pc`. */
  unitForPc(pc: bigint): IndexedUnit | undefined {
    const i = this.unitRanges.find(pc);
    return i < 0 ? undefined : this.units[this.unitRanges.payloadAt(i)];
  }

  /** The type unit with signature `sig` (DW_FORM_ref_sig8). */
  typeUnit(sig: bigint): IndexedUnit | undefined {
    const i = this.signatures.get(sig);
    return i === undefined ? undefined : this.units[i];
  }

  findType(typeKind: number, name: string): TypeEntry | undefined {
    return Number.isInteger(typeKind) && typeKind >= 0 && typeKind <= TYPE_BASE
      ? this.named.get(typeKind, name)
      : undefined;
  }

  findVariable(name: string): TypeEntry | undefined {
    return this.named.get(VARIABLE, name);
  }

  *typeNames(typeKind?: number): Generator<string> {
    for (let k = 0; k <= TYPE_BASE; k++) {
      if (typeKind === undefined || k === typeKind) yield* this.named.names(k);
    }
  }

  /** The function whose PC range contains `pc` (innermost when ranges nest). */
  functionAt(pc: bigint): FunctionEntry | undefined {
    return this.functions.at(pc);
  }
}

/** Throws for a name ref past .debug_str (NameTable.addRows' answer; -1: none). */
function checkRef(ref: number, small: SmallSections): void {
  if (ref >= 0) {
    throw new BadDataError(
      small.source,
      small.str?.fileOffset ?? 0,
      'a name offset within .debug_str',
      `0x${ref.toString(16)}`,
    );
  }
}
