// A name → value hash table whose keys stay bytes: a key is a name ref (index-part.ts),
// i.e. mostly an offset into .debug_str, hashed and compared on the section's bytes, so
// the merge never decodes the ~50,000 type and variable names of a kernel into strings.
// Open addressing (linear probing) over an Int32Array; FNV-1a over the UTF-8 bytes.

const encoder = new TextEncoder();

function fnv(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

export class NameTable<V> {
  private slots = new Int32Array(1024).fill(-1);
  /** Per entry: where its bytes are (in .debug_str, or in `extra` for part strings). */
  private readonly keyBytes: Uint8Array[] = [];
  private readonly keyStart: number[] = [];
  private readonly keyEnd: number[] = [];
  private readonly hashes: number[] = [];
  readonly values: V[] = [];

  /** `str`: the .debug_str bytes that name refs >= 0 point into. */
  constructor(private readonly str: Uint8Array) {}

  get size(): number {
    return this.values.length;
  }

  /**
   * The entry for a name given as .debug_str offset `strp`, or as a string: existing
   * (same bytes) or created with `make()`. Returns its index.
   */
  entry(key: number | string, make: () => V): number {
    let bytes: Uint8Array;
    let start: number;
    let end: number;
    if (typeof key === 'string') {
      bytes = encoder.encode(key);
      start = 0;
      end = bytes.length;
    } else {
      bytes = this.str;
      start = key;
      end = bytes.indexOf(0, key);
      if (end < 0) end = bytes.length;
    }
    const h = fnv(bytes, start, end);
    const found = this.find(h, bytes, start, end);
    if (found >= 0) return found;
    const i = this.values.length;
    this.keyBytes.push(bytes);
    this.keyStart.push(start);
    this.keyEnd.push(end);
    this.hashes.push(h);
    this.values.push(make());
    if (2 * this.values.length > this.slots.length) this.rehash();
    else this.place(i);
    return i;
  }

  /** The value stored under `name`, if any. */
  get(name: string): V | undefined {
    const bytes = encoder.encode(name);
    const i = this.find(fnv(bytes, 0, bytes.length), bytes, 0, bytes.length);
    return i < 0 ? undefined : this.values[i];
  }

  /** The name of entry `i`, decoded. */
  name(i: number): string {
    return new TextDecoder().decode(this.keyBytes[i]!.subarray(this.keyStart[i], this.keyEnd[i]));
  }

  *names(): Generator<string> {
    for (let i = 0; i < this.values.length; i++) yield this.name(i);
  }

  private find(h: number, bytes: Uint8Array, start: number, end: number): number {
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const i = this.slots[s]!;
      if (i < 0) return -1;
      if (this.hashes[i] === h && this.same(i, bytes, start, end)) return i;
    }
  }

  private same(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    const kb = this.keyBytes[i]!;
    const ks = this.keyStart[i]!;
    if (this.keyEnd[i]! - ks !== end - start) return false;
    if (kb === bytes && ks === start) return true;
    for (let k = 0; k < end - start; k++) if (kb[ks + k] !== bytes[start + k]) return false;
    return true;
  }

  private place(i: number): void {
    const mask = this.slots.length - 1;
    let s = this.hashes[i]! & mask;
    while (this.slots[s]! >= 0) s = (s + 1) & mask;
    this.slots[s] = i;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let i = 0; i < this.values.length; i++) this.place(i);
  }
}
