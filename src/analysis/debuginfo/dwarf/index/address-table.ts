// A table of [low, high) address ranges with a payload each, sorted by low address, for
// pc lookups. Addresses are kept as two u32 halves (kernel addresses exceed 2^53); the
// sort permutes only indices (the ranges stay where they were given).
import { INDEX, KEY, sortPairs } from './sorted-order';

export class AddressTable {
  /** [lowLo, lowHi, highLo, highHi] per range, as given. */
  private readonly ranges: Uint32Array;
  private readonly payload: Int32Array | null;
  /** (low address's low half, range index) pairs in ascending order (sorted-order.ts). */
  private readonly sorted: Uint32Array;

  /** `payload`: one per range; null for each range's own index. */
  constructor(ranges: Uint32Array, payload: Int32Array | null) {
    this.ranges = ranges;
    this.payload = payload;
    this.sorted = AddressTable.order(ranges);
  }

  private static order(ranges: Uint32Array): Uint32Array {
    const n = ranges.length >> 2;
    const pairs = new Uint32Array(2 * n);
    if (fillPairs(ranges, pairs)) sortPairs(pairs);
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
 * Writes (low address's low half, index) pairs of `ranges` into `pairs`; true when the
 * ranges share one high half (kernel text does), so that the low halves order them. (A
 * function of its own: V8 optimizes it mid-loop, and code after the loop would have
 * no type feedback yet.)
 */
function fillPairs(ranges: Uint32Array, pairs: Uint32Array): boolean {
  const hi = ranges.length > 0 ? ranges[1]! : 0;
  let sameHi = true;
  for (let i = 0; 4 * i < ranges.length; i++) {
    if (ranges[4 * i + 1] !== hi) sameHi = false;
    pairs[2 * i + KEY] = ranges[4 * i]!;
    pairs[2 * i + INDEX] = i;
  }
  return sameHi;
}
