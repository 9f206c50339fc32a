// A (kind, name) → DIE hash table whose keys stay bytes: a name is a name ref
// (index-part.ts), i.e. mostly an offset into .debug_str, hashed and compared on the
// section's bytes, so the merge never decodes the ~45,000 type and variable names of a
// kernel into strings. Entries live in typed arrays (an object only for a lookup's
// result); open addressing (linear probing) over an Int32Array of entry indices.

export interface DieEntry {
  die: number;
  declaration: boolean;
}

/** What the merge needs of a name table (NameTable here, WasmNameTable in WebAssembly). */
export interface NameIndex {
  readonly size: number;
  addRows(
    rows: Float64Array,
    stride: number,
    name: number,
    kindAt: number,
    kind: number,
    strings: readonly string[],
  ): number;
  get(kind: number, name: string): DieEntry | undefined;
  names(kind: number): Generator<string>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The hash of (kind, name): FNV-1a's steps over the UTF-8 bytes with a 24-bit state and a
// small multiplier, seeded with the kind. Every intermediate value stays below 2^30, a
// small integer to V8: the merge hashes ~1 MB of names, much of it before the engine
// optimizes the loop, and a wider hash (Math.imul) allocated a heap number per byte
// there (megabytes, and several scavenges, per merge).
const MASK = 0xffffff;
const MUL = 37;

/** The hash of (kind, bytes [start, start + length)); addStrp's steps for a NUL-terminated name. */
function hashBytes(kind: number, b: Uint8Array, start: number, length: number): number {
  let h = kind + 1;
  for (let i = start; i < start + length; i++) h = ((h ^ b[i]!) * MUL) & MASK;
  return h ^ (h >>> 12);
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

let primed = false;

export class NameTable implements NameIndex {
  /**
   * Takes every path of addRows, on made-up names: V8 optimizes the merge while it runs,
   * and a path first taken in optimized code (a duplicate name, a part string, a hash
   * match) throws that code away, back to the interpreter until it is compiled again (a
   * cold merge of Debian's vmlinux did that 6 to 10 times). Several rounds, as V8 records
   * type feedback only from a function's ~8th call on. Once per thread.
   */
  static prime(): void {
    if (primed) return;
    primed = true;
    // [kind, name ref, die, declaration]: a declaration, its definition (equal bytes at
    // another offset), a second definition, a part string, an unnamed type.
    const types = Float64Array.from(
      [
        [0, 1, 16, 1],
        [0, 4, 32, 0],
        [0, 1, 48, 0],
        [0, -1, 64, 0],
        [0, -2, 80, 1],
        [0, NaN, 96, 0],
      ].flat(),
    );
    const variables = Float64Array.from([4, 16, 1, 1, 32, 0, -1, 48, 0]);
    for (let round = 0; round < 12; round++) {
      const t = new NameTable(encoder.encode('\0ab\0ab\0'));
      t.addRows(types, 4, 1, 0, 0, ['ab', 'c']);
      t.addRows(variables, 3, 0, -1, 5, ['c']);
    }
  }

  /** 1 + entry index per slot, 0 for free (a fresh Int32Array needs no fill). */
  private slots: Int32Array;
  private count = 0;
  /** Per entry: where its bytes start, >= 0 in .debug_str, -(1 + i) at `extra[i]`. */
  private keyStart: Float64Array;
  private keyLength: Int32Array;
  private kinds: Uint8Array;
  private hashes: Int32Array;
  private dies: Float64Array;
  private declarations: Uint8Array;
  /** UTF-8 bytes of the names given as strings (inline DW_FORM_string names). */
  private extra = new Uint8Array(256);
  private extraLength = 0;

  /** `str`: the .debug_str bytes that name refs >= 0 point into; `capacity`: expected entries. */
  constructor(
    private readonly str: Uint8Array,
    capacity = 64,
  ) {
    const n = Math.max(16, capacity);
    let slots = 16;
    while (slots < 2 * n) slots *= 2;
    this.slots = new Int32Array(slots);
    this.keyStart = new Float64Array(n);
    this.keyLength = new Int32Array(n);
    this.kinds = new Uint8Array(n);
    this.hashes = new Int32Array(n);
    this.dies = new Float64Array(n);
    this.declarations = new Uint8Array(n);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds rows of `stride` numbers: a name ref at `name`, then the DIE offset, then 1 for a
   * declaration; the kind (< 256) at `kindAt`, or `kind` for every row when kindAt < 0.
   * Unnamed (NaN) rows are skipped; part string refs name `strings`. The first entry of
   * a (kind, name) stays unless it is a declaration and a later one a definition
   * (drgn_dwarf_find_definition). Returns the first name ref past .debug_str (rows from
   * there on are not added), or -1.
   */
  addRows(
    rows: Float64Array,
    stride: number,
    name: number,
    kindAt: number,
    kind: number,
    strings: readonly string[],
  ): number {
    for (let r = 0; r < rows.length; r += stride) {
      const ref = rows[r + name]!;
      const k = kindAt < 0 ? kind : rows[r + kindAt]!;
      const die = rows[r + name + 1]!;
      const declaration = rows[r + name + 2] === 1;
      // Unoptimized code boxes every Float64Array element: small integers from here on.
      if (ref >= 0) {
        if (ref >= this.str.length) return ref;
        this.addStrp(ref >>> 0, k | 0, die, declaration);
      } else if (ref < 0) this.addString(strings[-ref - 1] ?? '', k | 0, die, declaration);
    }
    return -1;
  }

  private addStrp(strp: number, kind: number, die: number, declaration: boolean): void {
    const str = this.str;
    let h = kind + 1;
    let end = strp;
    for (; end < str.length; end++) {
      const b = str[end]!;
      if (b === 0) break;
      h = ((h ^ b) * MUL) & MASK;
    }
    h ^= h >>> 12;
    this.add(h, str, strp, end - strp, strp, kind, die, declaration);
  }

  /** The entry of kind `kind` named `name`, if any. */
  get(kind: number, name: string): DieEntry | undefined {
    const bytes = encoder.encode(name);
    const i = this.find(hashBytes(kind, bytes, 0, bytes.length), bytes, 0, bytes.length, kind);
    return i < 0 ? undefined : { die: this.dies[i]!, declaration: this.declarations[i] === 1 };
  }

  /** The names of kind `kind`, in the order they were added. */
  *names(kind: number): Generator<string> {
    for (let i = 0; i < this.count; i++) if (this.kinds[i] === kind) yield this.name(i);
  }

  private name(i: number): string {
    const s = this.keyStart[i]!;
    const bytes = s >= 0 ? this.str : this.extra;
    const start = s >= 0 ? s : -1 - s;
    return decoder.decode(bytes.subarray(start, start + this.keyLength[i]!));
  }

  private addString(name: string, kind: number, die: number, declaration: boolean): void {
    const bytes = encoder.encode(name);
    const at = this.extraLength;
    const n = bytes.length;
    if (this.extra.length < at + n) this.extra = grown(this.extra, 2 * (at + n));
    this.extra.set(bytes, at);
    const h = hashBytes(kind, this.extra, at, n);
    if (this.add(h, this.extra, at, n, -(1 + at), kind, die, declaration)) this.extraLength += n;
  }

  /**
   * Adds the entry of hash `h` named by bytes [start, start + length) (`key`: keyStart's
   * encoding of them), or upgrades the existing one: a definition replaces a declaration
   * (drgn_dwarf_find_definition), else the first stays. True when added.
   */
  private add(
    h: number,
    bytes: Uint8Array,
    start: number,
    length: number,
    key: number,
    kind: number,
    die: number,
    declaration: boolean,
  ): boolean {
    const found = this.find(h, bytes, start, length, kind);
    if (found >= 0) {
      if (this.declarations[found] === 1 && !declaration) {
        this.dies[found] = die;
        this.declarations[found] = 0;
      }
      return false;
    }
    const i = this.count++;
    if (i === this.dies.length) this.grow();
    this.keyStart[i] = key;
    this.keyLength[i] = length;
    this.kinds[i] = kind;
    this.hashes[i] = h;
    this.dies[i] = die;
    this.declarations[i] = declaration ? 1 : 0;
    if (2 * this.count > this.slots.length) this.rehash();
    else this.slots[this.free(h)] = i + 1;
    return true;
  }

  private find(h: number, bytes: Uint8Array, start: number, length: number, kind: number): number {
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const i = this.slots[s]! - 1;
      if (i < 0) return -1;
      if (this.hashes[i] === h && this.kinds[i] === kind && this.same(i, bytes, start, length))
        return i;
    }
  }

  private same(i: number, bytes: Uint8Array, start: number, length: number): boolean {
    if (this.keyLength[i] !== length) return false;
    const s = this.keyStart[i]!;
    const kb = s >= 0 ? this.str : this.extra;
    const ks = s >= 0 ? s : -1 - s;
    if (kb === bytes && ks === start) return true;
    for (let k = 0; k < length; k++) if (kb[ks + k] !== bytes[start + k]) return false;
    return true;
  }

  private grow(): void {
    const n = 2 * this.dies.length;
    this.keyStart = grown(this.keyStart, n);
    this.keyLength = grown(this.keyLength, n);
    this.kinds = grown(this.kinds, n);
    this.hashes = grown(this.hashes, n);
    this.dies = grown(this.dies, n);
    this.declarations = grown(this.declarations, n);
  }

  /** The free slot where a new entry of hash `h` goes. */
  private free(h: number): number {
    const mask = this.slots.length - 1;
    let s = h & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    return s;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let i = 0; i < this.count; i++) this.slots[this.free(this.hashes[i]!)] = i + 1;
  }
}
