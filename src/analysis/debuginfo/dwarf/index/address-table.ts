// A sorted table of [low, high) address ranges with a payload index each, for pc lookups.
// Addresses are kept as two u32 halves (kernel addresses exceed 2^53).

export class AddressTable {
  /** [lowLo, lowHi, highLo, highHi] per entry, sorted by low address. */
  readonly ranges: Uint32Array;
  readonly payload: Int32Array;

  constructor(ranges: Uint32Array, payload: Int32Array) {
    const n = payload.length;
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    let minHi = 0xffffffff;
    let maxHi = 0;
    for (let i = 0; i < n; i++) {
      minHi = Math.min(minHi, ranges[4 * i + 1]!);
      maxHi = Math.max(maxHi, ranges[4 * i + 1]!);
    }
    if (maxHi - minHi < 1 << 20) {
      // Exact numeric keys (below 2^52) when the high halves are close (kernel text is).
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++)
        keys[i] = (ranges[4 * i + 1]! - minHi) * 0x100000000 + ranges[4 * i]!;
      order.sort((a, b) => keys[a]! - keys[b]!);
    } else {
      order.sort(
        (a, b) => ranges[4 * a + 1]! - ranges[4 * b + 1]! || ranges[4 * a]! - ranges[4 * b]!,
      );
    }
    this.ranges = new Uint32Array(4 * n);
    this.payload = new Int32Array(n);
    for (let to = 0; to < n; to++) {
      const from = order[to]!;
      for (let k = 0; k < 4; k++) this.ranges[4 * to + k] = ranges[4 * from + k]!;
      this.payload[to] = payload[from]!;
    }
  }

  get length(): number {
    return this.payload.length;
  }

  low(i: number): bigint {
    return (BigInt(this.ranges[4 * i + 1]!) << 32n) | BigInt(this.ranges[4 * i]!);
  }

  high(i: number): bigint {
    return (BigInt(this.ranges[4 * i + 3]!) << 32n) | BigInt(this.ranges[4 * i + 2]!);
  }

  /**
   * Entries containing `pc`, innermost-first by start (the last entry starting at or below
   * pc first). Looks back a bounded distance for ranges that start earlier and still cover pc.
   */
  *containing(pc: bigint): Generator<number> {
    const hi = Number((pc >> 32n) & 0xffffffffn);
    const lo = Number(pc & 0xffffffffn);
    const r = this.ranges;
    // Last entry whose low <= pc.
    let a = 0;
    let b = this.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      const mh = r[4 * m + 1]!;
      if (mh < hi || (mh === hi && r[4 * m]! <= lo)) a = m + 1;
      else b = m;
    }
    for (let i = a - 1, seen = 0; i >= 0 && seen < 64; i--, seen++) {
      const eh = r[4 * i + 3]!;
      if (eh > hi || (eh === hi && r[4 * i + 2]! > lo)) yield i;
    }
  }

  /** The entry containing `pc` that starts last, or -1. */
  find(pc: bigint): number {
    for (const i of this.containing(pc)) return i;
    return -1;
  }
}
