// Integer → non-negative integer hash map (open addressing, linear probing) for the index
// scan's hottest lookup: a type or variable name ref seen again in the next unit. Keys
// are integers within ±2^52; faster than a Map and allocation-free on lookups.

export class IntMap {
  private keys = new Float64Array(1024);
  private values = new Int32Array(1024).fill(-1);
  private count = 0;

  private static hash(key: number): number {
    const lo = key | 0;
    const hi = (key / 0x100000000) | 0;
    return Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) ^ (lo >>> 15);
  }

  /** The value of `key`, or -1. */
  get(key: number): number {
    const mask = this.values.length - 1;
    for (let s = IntMap.hash(key) & mask; ; s = (s + 1) & mask) {
      const v = this.values[s]!;
      if (v < 0) return -1;
      if (this.keys[s] === key) return v;
    }
  }

  /** Sets `key` to `value` (>= 0). */
  set(key: number, value: number): void {
    if (2 * (this.count + 1) > this.values.length) this.grow();
    const mask = this.values.length - 1;
    for (let s = IntMap.hash(key) & mask; ; s = (s + 1) & mask) {
      if (this.values[s]! < 0) {
        this.keys[s] = key;
        this.values[s] = value;
        this.count++;
        return;
      }
      if (this.keys[s] === key) {
        this.values[s] = value;
        return;
      }
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(values.length * 2).fill(-1);
    this.count = 0;
    for (let s = 0; s < values.length; s++) if (values[s]! >= 0) this.set(keys[s]!, values[s]!);
  }
}
