// An append-only typed array that grows by doubling (the index's row tables).

export type NumArray = Float64Array | Uint32Array | Int32Array;

/** An append-only typed array. */
export class Column<T extends NumArray> {
  length = 0;
  constructor(
    private data: T,
    private readonly make: (n: number) => T,
  ) {}

  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Appends all of `values` (one copy, not a push per value). */
  append(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) this.grow(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  private grow(min: number): void {
    let n = Math.max(16, this.data.length * 2);
    while (n < min) n *= 2;
    const bigger = this.make(n);
    bigger.set(this.data);
    this.data = bigger;
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

  /** A copy of the values from index `from` on. */
  since(from: number): T {
    return this.data.slice(from, this.length) as T;
  }
}
