// A table of [low, high) address ranges with a payload each, sorted by low address, for
// pc lookups. Addresses are kept as two u32 halves (kernel addresses exceed 2^53); the
// sort permutes only indices (the ranges stay where they were given).
import { INDEX, KEY, sortPairs } from './sorted-order';
import { Column } from './typed-column';

export class AddressTable {
  /** [lowLo, lowHi, highLo, highHi] per range, as given. */
  private readonly ranges: Uint32Array;
  private readonly payload: Int32Array | null;
  /** (low address's low half, range index) pairs in ascending order (sorted-order.ts). */
  private readonly sorted: Uint32Array;

  /**
   * `payload`: one per range; null for each range's own index. `keys`: the ranges' sort
   * pairs when the caller filled them (AddressTableBuilder).
   */
  constructor(
    ranges: Uint32Array,
    payload: Int32Array | null,
    keys?: { pairs: Uint32Array; sameHi: boolean },
  ) {
    this.ranges = ranges;
    this.payload = payload;
    if (keys) this.sorted = AddressTable.order(ranges, keys.pairs, keys.sameHi);
    else {
      const pairs = new Uint32Array(ranges.length >> 1);
      const sameHi = fillPairs(ranges, pairs, 0, ranges.length > 0 ? ranges[1]! : 0);
      this.sorted = AddressTable.order(ranges, pairs, sameHi);
    }
  }

  /** Sorts `pairs` (filled by fillPairs): by their keys when all ranges share one high half. */
  private static order(ranges: Uint32Array, pairs: Uint32Array, sameHi: boolean): Uint32Array {
    const n = ranges.length >> 2;
    if (sameHi) sortPairs(pairs);
    else {
      const order = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) =>
          ranges[4 * a + 1]! - ranges[4 * b + 1]! || ranges[4 * a]! - ranges[4 * b]! || a - b,
      );
      for (let i = 0; i < n; i++) pairs[2 * i + INDEX] = order[i]!;
    }
    return pairs;
  }

  get length(): number {
    return this.sorted.length >> 1;
  }

  /** The payload of the range at sorted position `i`. */
  payloadAt(i: number): number {
    const r = this.sorted[2 * i + INDEX]!;
    return this.payload ? this.payload[r]! : r;
  }

  low(i: number): bigint {
    return this.half(i, 0);
  }

  high(i: number): bigint {
    return this.half(i, 2);
  }

  private half(i: number, k: number): bigint {
    const r = 4 * this.sorted[2 * i + INDEX]! + k;
    return (BigInt(this.ranges[r + 1]!) << 32n) | BigInt(this.ranges[r]!);
  }

  /**
   * Sorted positions of the ranges containing `pc`, innermost-first by start (the last
   * range starting at or below pc first). Looks back a bounded distance for ranges that
   * start earlier and still cover pc.
   */
  *containing(pc: bigint): Generator<number> {
    const hi = Number((pc >> 32n) & 0xffffffffn);
    const lo = Number(pc & 0xffffffffn);
    const r = this.ranges;
    const s = this.sorted;
    // Last range whose low <= pc.
    let a = 0;
    let b = this.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      const at = 4 * s[2 * m + INDEX]!;
      const mh = r[at + 1]!;
      if (mh < hi || (mh === hi && r[at]! <= lo)) a = m + 1;
      else b = m;
    }
    for (let i = a - 1, seen = 0; i >= 0 && seen < 64; i--, seen++) {
      const at = 4 * s[2 * i + INDEX]!;
      const eh = r[at + 3]!;
      if (eh > hi || (eh === hi && r[at + 2]! > lo)) yield i;
    }
  }

  /** The sorted position of the range containing `pc` that starts last, or -1. */
  find(pc: bigint): number {
    for (const i of this.containing(pc)) return i;
    return -1;
  }
}

/**
 * Writes (low address's low half, first + i) pairs of `ranges` into `pairs`; true when
 * every range's high half is `hi` (kernel text shares one), so that the low halves order
 * them. (A function of its own: V8 optimizes it mid-loop, and code after the loop would
 * have no type feedback yet.)
 */
function fillPairs(
  ranges: ArrayLike<number>,
  pairs: Uint32Array,
  first: number,
  hi: number,
): boolean {
  let sameHi = true;
  for (let i = 0; 4 * i < ranges.length; i++) {
    if (ranges[4 * i + 1] !== hi) sameHi = false;
    pairs[2 * i + KEY] = ranges[4 * i]!;
    pairs[2 * i + INDEX] = first + i;
  }
  return sameHi;
}

/**
 * Ranges appended run by run, their sort pairs filled as they come (while the index
 * workers still scan); build() only sorts.
 */
export class AddressTableBuilder {
  private readonly ranges = new Column(new Uint32Array(4096), (n) => new Uint32Array(n));
  private readonly pairs = new Column(new Uint32Array(2048), (n) => new Uint32Array(n));
  /** The first range's high half. */
  private hi = -1;
  private sameHi = true;

  /** Appends [lowLo, lowHi, highLo, highHi] per range. */
  append(ranges: ArrayLike<number>): void {
    if (ranges.length === 0) return;
    if (this.hi < 0) this.hi = ranges[1]!;
    const pairs = new Uint32Array(ranges.length >> 1);
    if (!fillPairs(ranges, pairs, this.ranges.length >> 2, this.hi)) this.sameHi = false;
    this.ranges.append(ranges);
    this.pairs.append(pairs);
  }

  build(payload: Int32Array | null): AddressTable {
    const keys = { pairs: this.pairs.finish(), sameHi: this.sameHi };
    return new AddressTable(this.ranges.finish(), payload, keys);
  }
}
