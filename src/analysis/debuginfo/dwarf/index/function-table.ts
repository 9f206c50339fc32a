// Functions by address: the function ranges of all index parts, each with its DIE offset
// and name ref. A part string ref (< 0) names a string of the part its row came from, so
// the rows stay in runs of one part each.
import { AddressTableBuilder, type AddressTable } from './address-table';
import type { NameRefs } from './name-refs';
import { Column } from './typed-column';

export interface FunctionEntry {
  /** null when the name must be read from the DIE (an origin in another unit). */
  name: string | null;
  die: number;
  low: bigint;
  high: bigint;
}

/** A run of function rows of one part. */
export interface FunctionRows {
  /** [lowLo, lowHi, highLo, highHi] per range. */
  ranges: ArrayLike<number>;
  /** Name ref per range (NaN: read the name from the DIE). */
  names: ArrayLike<number>;
  dies: ArrayLike<number>;
  /** The part's strings, which its name refs < 0 index. */
  strings: readonly string[];
}

/**
 * Function rows taken run by run, as the merge gets parts (while the index workers still
 * scan): build() only sorts.
 */
export class FunctionTableBuilder {
  private readonly table = new AddressTableBuilder();
  private readonly names = new Column(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly dies = new Column(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly runEnd: number[] = [];
  private readonly runStrings: (readonly string[])[] = [];

  /** Appends a run; ties in address order keep the order runs were added in. */
  add(rows: FunctionRows): void {
    this.table.append(rows.ranges);
    this.names.append(rows.names);
    this.dies.append(rows.dies);
    this.runEnd.push(this.dies.length);
    this.runStrings.push(rows.strings);
  }

  build(refs: NameRefs): FunctionTable {
    return new FunctionTable(
      this.table.build(null),
      this.names.finish(),
      this.dies.finish(),
      this.runEnd,
      this.runStrings,
      refs,
    );
  }
}

export class FunctionTable {
  constructor(
    private readonly table: AddressTable,
    private readonly names: Float64Array,
    private readonly dies: Float64Array,
    /** Run k holds the rows before runEnd[k] (from runEnd[k - 1]). */
    private readonly runEnd: readonly number[],
    private readonly runStrings: readonly (readonly string[])[],
    private readonly refs: NameRefs,
  ) {}

  get length(): number {
    return this.table.length;
  }

  /** The function whose range contains `pc` (innermost when ranges nest). */
  at(pc: bigint): FunctionEntry | undefined {
    const i = this.table.find(pc);
    if (i < 0) return undefined;
    const f = this.table.payloadAt(i);
    let run = 0;
    while (this.runEnd[run]! <= f) run++;
    const ref = this.names[f]!;
    return {
      name: ref < 0 ? (this.runStrings[run]![-ref - 1] ?? '') : this.refs.get([], ref),
      die: this.dies[f]!,
      low: this.table.low(i),
      high: this.table.high(i),
    };
  }
}
