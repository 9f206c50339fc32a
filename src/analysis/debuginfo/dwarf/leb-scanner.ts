// LEB128 (DWARF 5 §7.6) over raw bytes for hot loops: no per-byte bounds check. A read
// past the end sees 0 bytes, which end the number at once; callers compare `pos` with
// the length after each record instead.
export class LebScanner {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
  ) {}

  uleb(): number {
    const v = ulebAt(this.bytes, this.pos);
    this.pos = lebEnd;
    return v;
  }

  sleb(): number {
    const v = slebAt(this.bytes, this.pos);
    this.pos = lebEnd;
    return v;
  }

  u8(): number {
    return this.bytes[this.pos++] ?? 0;
  }

  get overrun(): boolean {
    return this.pos > this.bytes.length;
  }
}

/** End of the last LEB128 read by ulebAt/slebAt (no tuple allocated per read). */
export let lebEnd = 0;

/** ULEB128 at `p`, with the same convention; its end goes to `lebEnd`. */
export function ulebAt(b: Uint8Array, p: number): number {
  let v = 0;
  let mul = 1;
  let byte: number;
  do {
    byte = b[p++] ?? 0;
    v += (byte & 0x7f) * mul;
    mul *= 128;
  } while (byte >= 0x80);
  lebEnd = p;
  return v;
}

/** SLEB128 at `p`; its end goes to `lebEnd`. */
export function slebAt(b: Uint8Array, p: number): number {
  const v = ulebAt(b, p);
  const mul = 128 ** (lebEnd - p);
  return (b[lebEnd - 1] ?? 0) & 0x40 ? v - mul : v;
}
