// A growable little-endian byte writer for building DWARF and ELF bytes in tests.

export class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }

  u24(v: number): this {
    return this.u16(v & 0xffff).u8(v >>> 16);
  }

  u32(v: number): this {
    return this.u16(v & 0xffff).u16(Math.floor(v / 0x10000) & 0xffff);
  }

  u64(v: bigint | number): this {
    const b = BigInt.asUintN(64, BigInt(v));
    return this.u32(Number(b & 0xffffffffn)).u32(Number(b >> 32n));
  }

  /** An unsigned value of `size` bytes (1, 2, 3, 4 or 8). */
  uint(v: bigint | number, size: number): this {
    switch (size) {
      case 1:
        return this.u8(Number(v));
      case 2:
        return this.u16(Number(v));
      case 3:
        return this.u24(Number(v));
      case 4:
        return this.u32(Number(v));
      case 8:
        return this.u64(v);
      default:
        throw new RangeError(`size ${size}`);
    }
  }

  /** ULEB128; `minBytes` pads with 0x80 continuation bytes (a legal encoding). */
  uleb(v: bigint | number, minBytes = 1): this {
    let x = BigInt(v);
    let n = 0;
    for (;;) {
      const byte = Number(x & 0x7fn);
      x >>= 7n;
      n++;
      if (x === 0n && n >= minBytes) return this.u8(byte);
      this.u8(byte | 0x80);
    }
  }

  sleb(v: bigint | number): this {
    let x = BigInt(v);
    for (;;) {
      const byte = Number(x & 0x7fn);
      x >>= 7n;
      const done = (x === 0n && !(byte & 0x40)) || (x === -1n && byte & 0x40);
      this.u8(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  bytes(b: Uint8Array | number[]): this {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  cstr(s: string): this {
    return this.bytes(new TextEncoder().encode(s)).u8(0);
  }

  patch8(at: number, v: number): void {
    this.buf[at] = v & 0xff;
  }

  /** Overwrites a u32 at `at` (for lengths known only later). */
  patch32(at: number, v: number): void {
    this.buf[at] = v & 0xff;
    this.buf[at + 1] = (v >>> 8) & 0xff;
    this.buf[at + 2] = (v >>> 16) & 0xff;
    this.buf[at + 3] = (v >>> 24) & 0xff;
  }

  /** Overwrites a u64 at `at`. */
  patch64(at: number, v: number): void {
    this.patch32(at, v % 0x100000000);
    this.patch32(at + 4, Math.floor(v / 0x100000000));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Interns NUL-terminated strings into a string section; returns offsets. */
export class StringSection {
  readonly w = new ByteWriter();
  private readonly offsets = new Map<string, number>();

  add(s: string): number {
    let o = this.offsets.get(s);
    if (o === undefined) {
      o = this.w.length;
      this.w.cstr(s);
      this.offsets.set(s, o);
    }
    return o;
  }
}
