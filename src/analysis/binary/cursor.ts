// A bounds-checked little/big-endian reader over a byte range fetched from a source.
// It knows the source name and the file offset of its first byte, so every error says
// "file X, offset Y: expected Z".
import { BadDataError } from '../errors';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

export class Cursor {
  readonly view: DataView;
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly source: string,
    /** File offset of bytes[0], for error messages. */
    readonly base: number = 0,
    public littleEndian = true,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** File offset of the current position. */
  get fileOffset(): number {
    return this.base + this.pos;
  }

  fail(expected: string, found?: string, at: number = this.pos): never {
    throw new BadDataError(this.source, this.base + at, expected, found);
  }

  need(n: number, what: string, at: number = this.pos): void {
    if (at < 0 || n < 0 || at + n > this.bytes.length) {
      this.fail(`${n} bytes of ${what}`, `only ${Math.max(0, this.bytes.length - at)} left`, at);
    }
  }

  seek(pos: number): this {
    if (pos < 0 || pos > this.bytes.length) this.fail(`position within ${this.bytes.length} bytes`, `${pos}`);
    this.pos = pos;
    return this;
  }

  skip(n: number): this {
    this.need(n, 'skipped bytes');
    this.pos += n;
    return this;
  }

  u8(what = 'u8'): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }
  u16(what = 'u16'): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }
  u32(what = 'u32'): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }
  i32(what = 'i32'): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }
  u64(what = 'u64'): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, this.littleEndian);
    this.pos += 8;
    return v;
  }
  i64(what = 'i64'): bigint {
    this.need(8, what);
    const v = this.view.getBigInt64(this.pos, this.littleEndian);
    this.pos += 8;
    return v;
  }
  /** A 64-bit field that must fit a JS number (sizes, counts, file offsets). */
  u64n(what = 'u64'): number {
    const at = this.pos;
    const v = this.u64(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} below 2^53`, `0x${v.toString(16)}`, at);
    return Number(v);
  }
  /** Unsigned word of the given size (4 or 8), as bigint. */
  word(size: 4 | 8, what = 'word'): bigint {
    return size === 8 ? this.u64(what) : BigInt(this.u32(what));
  }

  bytesAt(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Fixed-size field holding a NUL-terminated string. */
  fixedString(n: number, what = 'string'): string {
    return cString(this.bytesAt(n, what));
  }
}

/** Decodes bytes up to the first NUL as UTF-8 (kernel strings are bytes; invalid sequences become U+FFFD). */
export function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

export function latin1String(bytes: Uint8Array): string {
  return latin1.decode(bytes);
}

export function hex(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}
