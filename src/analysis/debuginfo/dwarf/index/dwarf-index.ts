// The merged index of all parts: units (by offset and by PC), named types and variables
// (name → DIE offset, definitions preferred over declarations) and functions by address.
// Everything else is parsed lazily from the DIE offsets.
import { BadDataError } from '../../../errors';
import type { AttrValue } from '../forms';
import { readRanges } from '../ranges';
import { stringAt } from '../reader';
import type { UnitHeader } from '../unit-header';
import type { SmallSections, UnitBases } from '../unit-bases';
import { TYPE_BASE } from './abbrev-program';
import { AddressTable } from './address-table';
import { NameTable } from './name-table';
import * as U from './index-part';
import type { IndexPart } from './index-part';

export interface IndexedUnit extends UnitBases {
  index: number;
  header: UnitHeader;
  /** DW_AT_stmt_list, or -1. */
  stmtList: number;
  name: string | null;
  compDir: string | null;
  /** True for units of DWARF 4 .debug_types (their offsets follow .debug_info's). */
  typesSection: boolean;
}

export interface TypeEntry {
  die: number;
  declaration: boolean;
}

export interface FunctionEntry {
  /** null when the name must be read from the DIE (an origin in another unit). */
  name: string | null;
  die: number;
  low: bigint;
  high: bigint;
}

const u32pair = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

export class DwarfIndex {
  readonly units: IndexedUnit[] = [];
  private readonly unitRanges: AddressTable;
  private readonly functions: AddressTable;
  /** Name refs with part strings moved into `strings` (-(1 + i)); decoded on lookup. */
  private readonly functionNames: Float64Array;
  private readonly names: NameRefs;
  private readonly functionDies: Float64Array;
  private readonly strings: string[] = [];
  private readonly types: NameTable<TypeEntry>[] = [];
  private readonly variables: NameTable<TypeEntry>;
  private readonly signatures = new Map<bigint, number>();

  constructor(parts: IndexPart[], infoSize: number, small: SmallSections) {
    const ids = new Map<string, number>();
    const intern = (str: string | null): number => {
      if (str === null) return -1;
      let id = ids.get(str);
      if (id === undefined) {
        id = this.strings.length;
        this.strings.push(str);
        ids.set(str, id);
      }
      return id;
    };
    const names = new NameRefs(small);
    this.names = names;
    const globalRef = (part: IndexPart, ref: number): number =>
      ref < 0 ? -(1 + intern(part.strings[-ref - 1] ?? '')) : ref;
    const str = small.str?.bytes ?? new Uint8Array(0);
    for (let k = 0; k <= TYPE_BASE; k++) this.types.push(new NameTable(str));
    this.variables = new NameTable(str);
    /** Adds or upgrades (declaration → definition) the entry of a name ref. */
    const add = (
      table: NameTable<TypeEntry>,
      part: IndexPart,
      ref: number,
      entry: TypeEntry,
    ): void => {
      if (Number.isNaN(ref)) return;
      if (ref >= str.length) {
        throw new BadDataError(
          small.source,
          small.str?.fileOffset ?? 0,
          'a name offset within .debug_str',
          `0x${ref.toString(16)}`,
        );
      }
      let created = false;
      const i = table.entry(ref >= 0 ? ref : (part.strings[-ref - 1] ?? ''), () => {
        created = true;
        return entry;
      });
      if (!created && table.values[i]!.declaration && !entry.declaration) table.values[i] = entry;
    };
    const ur: number[] = [];
    const urOwner: number[] = [];
    const fr: Uint32Array[] = [];
    const fnNames: Float64Array[] = [];
    const fnDies: Float64Array[] = [];
    const deferred = { ranges: [] as number[], names: [] as number[], dies: [] as number[] };
    for (const part of parts) {
      const name = (ref: number) => names.get(part, ref);
      const base = this.units.length;
      for (let r = 0; r < part.units.length; r += U.UNIT_FIELDS) {
        this.units.push(unitFromRow(part.units.subarray(r, r + U.UNIT_FIELDS), name, infoSize));
      }
      part.unitRanges.forEach((v) => ur.push(v));
      part.unitRangeOwner.forEach((o) => urOwner.push(base + o));
      for (let t = 0; t < part.types.length; t += 4) {
        const entry = { die: part.types[t + 2]!, declaration: part.types[t + 3] === 1 };
        add(this.types[part.types[t]!]!, part, part.types[t + 1]!, entry);
      }
      for (let v = 0; v < part.variables.length; v += 3) {
        add(this.variables, part, part.variables[v]!, {
          die: part.variables[v + 1]!,
          declaration: part.variables[v + 2] === 1,
        });
      }
      fr.push(part.functionRanges);
      fnNames.push(part.functionName.map((ref) => globalRef(part, ref)));
      fnDies.push(part.functionDie);
      // DW_AT_ranges the workers left: read here, where .debug_rnglists is.
      const d = part.deferred;
      for (let i = 0; i < d.length; i += U.DEFERRED_FIELDS) {
        const unit = this.units[base + d[i + U.D_UNIT]!]!;
        const v: AttrValue =
          d[i + U.D_FORM] === 1
            ? { kind: 'rnglistx', index: d[i + U.D_VALUE]! }
            : { kind: 'sec_offset', offset: d[i + U.D_VALUE]! };
        for (const [lo, hi] of readRanges(v, unit, small)) {
          if (lo === 0n || lo >= hi) continue; // discarded at link time
          const halves = [
            lo & 0xffffffffn,
            lo >> 32n,
            hi & 0xffffffffn,
            (hi >> 32n) & 0xffffffffn,
          ].map(Number);
          if (d[i + U.D_OWNER] === 1) {
            ur.push(...halves);
            urOwner.push(base + d[i + U.D_UNIT]!);
          } else {
            deferred.ranges.push(...halves);
            deferred.names.push(globalRef(part, d[i + U.D_NAME]!));
            deferred.dies.push(d[i + U.D_DIE]!);
          }
        }
      }
    }
    fr.push(Uint32Array.from(deferred.ranges));
    fnNames.push(Float64Array.from(deferred.names));
    fnDies.push(Float64Array.from(deferred.dies));
    // Units in section order (parts arrive in any order), then owners renumbered.
    const order = this.units
      .map((_, i) => i)
      .sort((a, b) => this.units[a]!.header.offset - this.units[b]!.header.offset);
    const renumber = new Int32Array(order.length);
    order.forEach((from, to) => (renumber[from] = to));
    this.units = order.map((i) => this.units[i]!);
    this.units.forEach((u, i) => {
      u.index = i;
      if (u.header.typeSignature !== undefined) this.signatures.set(u.header.typeSignature, i);
    });
    this.unitRanges = new AddressTable(
      Uint32Array.from(ur),
      Int32Array.from(urOwner, (o) => renumber[o]!),
    );
    const allRanges = concat(fr, Uint32Array);
    this.functionDies = concat(fnDies, Float64Array);
    this.functionNames = concat(fnNames, Float64Array);
    this.functions = new AddressTable(
      allRanges,
      Int32Array.from({ length: this.functionDies.length }, (_, i) => i),
    );
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
    return i < 0 ? undefined : this.units[this.unitRanges.payload[i]!];
  }

  /** The type unit with signature `sig` (DW_FORM_ref_sig8). */
  typeUnit(sig: bigint): IndexedUnit | undefined {
    const i = this.signatures.get(sig);
    return i === undefined ? undefined : this.units[i];
  }

  findType(typeKind: number, name: string): TypeEntry | undefined {
    return this.types[typeKind]?.get(name);
  }

  findVariable(name: string): TypeEntry | undefined {
    return this.variables.get(name);
  }

  *typeNames(typeKind?: number): Generator<string> {
    for (let k = 0; k < this.types.length; k++) {
      if (typeKind === undefined || k === typeKind) yield* this.types[k]!.names();
    }
  }

  /** The function whose PC range contains `pc` (innermost when ranges nest). */
  functionAt(pc: bigint): FunctionEntry | undefined {
    const i = this.functions.find(pc);
    if (i < 0) return undefined;
    const f = this.functions.payload[i]!;
    const ref = this.functionNames[f]!;
    return {
      name: ref < 0 ? this.strings[-ref - 1]! : this.names.get(null, ref),
      die: this.functionDies[f]!,
      low: this.functions.low(i),
      high: this.functions.high(i),
    };
  }
}

function concat<T extends Uint32Array | Int32Array | Float64Array>(
  arrs: T[],
  ctor: new (n: number) => T,
): T {
  const out = new ctor(arrs.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrs) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Strings of name refs (index-part.ts): .debug_str offsets, decoded once each, or part strings. */
class NameRefs {
  private readonly cache = new Map<number, string>();
  constructor(private readonly small: SmallSections) {}

  get(part: IndexPart | null, ref: number): string | null {
    if (Number.isNaN(ref)) return null;
    if (ref < 0) return part?.strings[-ref - 1] ?? null;
    let s = this.cache.get(ref);
    if (s === undefined) {
      const sec = this.small.str;
      const str = sec ? stringAt(sec.bytes, ref) : null;
      if (str === null) {
        throw new BadDataError(
          this.small.source,
          sec?.fileOffset ?? 0,
          'a name offset within .debug_str',
          `0x${ref.toString(16)}`,
        );
      }
      s = str;
      this.cache.set(ref, s);
    }
    return s;
  }
}

function unitFromRow(
  r: Float64Array,
  str: (ref: number) => string | null,
  infoSize: number,
): IndexedUnit {
  const header: UnitHeader = {
    offset: r[U.U_OFFSET]!,
    end: r[U.U_END]!,
    dieOffset: r[U.U_DIE]!,
    version: r[U.U_VERSION]!,
    unitType: r[U.U_TYPE]!,
    offsetSize: r[U.U_OFFSET_SIZE] === 8 ? 8 : 4,
    addressSize: r[U.U_ADDRESS_SIZE]!,
    abbrevOffset: r[U.U_ABBREV]!,
  };
  if (r[U.U_SIG_LO]! >= 0) {
    header.typeSignature = u32pair(r[U.U_SIG_LO]!, r[U.U_SIG_HI]!);
    header.typeOffset = r[U.U_TYPE_OFFSET]!;
  }
  return {
    index: 0,
    header,
    offset: header.offset,
    version: header.version,
    addressSize: header.addressSize,
    offsetSize: header.offsetSize,
    strOffsetsBase: r[U.U_STR_OFFSETS_BASE]!,
    addrBase: r[U.U_ADDR_BASE]!,
    rnglistsBase: r[U.U_RNGLISTS_BASE]!,
    loclistsBase: r[U.U_LOCLISTS_BASE]!,
    baseAddress: u32pair(r[U.U_BASE_LO]!, r[U.U_BASE_HI]!),
    stmtList: r[U.U_STMT_LIST]!,
    name: str(r[U.U_NAME]!),
    compDir: str(r[U.U_COMP_DIR]!),
    typesSection: header.offset >= infoSize,
  };
}
