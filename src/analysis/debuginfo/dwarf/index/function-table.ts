// Functions by address: the function ranges of all index parts, each with its DIE offset
// and name ref. A part string ref (< 0) names a string of the part its row came from, so
// the rows stay in runs of one part each.
import { AddressTable } from './address-table';
import type { NameRefs } from './name-refs';
import { concat } from './typed-concat';

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

export class FunctionTable {
  private readonly table: AddressTable;
  private readonly names: Float64Array;
  private readonly dies: Float64Array;
  /** Run k holds the rows before runEnd[k] (from runEnd[k - 1]). */
  private readonly runEnd: number[] = [];
  private readonly runStrings: (readonly string[])[] = [];

  constructor(
    runs: readonly FunctionRows[],
    private readonly refs: NameRefs,
  ) {
    let n = 0;
    for (const r of runs) {
      n += r.dies.length;
      this.runEnd.push(n);
      this.runStrings.push(r.strings);
    }
    this.names = concat(
      runs.map((r) => r.names),
      Float64Array,
    );
    this.dies = concat(
      runs.map((r) => r.dies),
      Float64Array,
    );
    this.table = new AddressTable(
      concat(
        runs.map((r) => r.ranges),
        Uint32Array,
      ),
      null,
    );
  }

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
