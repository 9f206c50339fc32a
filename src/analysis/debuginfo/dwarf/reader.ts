// The bounds-checked Cursor plus DWARF's variable-size encodings: LEB128 (DWARF 5 §7.6),
// offset-size fields (4 or 8 bytes, §7.4) and address-size fields.
import { Cursor } from '../../binary/cursor';

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class DwarfReader extends Cursor {
  /** Unsigned LEB128 as a number; exact below 2^53 (larger values lose low bits). */
  uleb(what = 'ULEB128'): number {
    const b = this.bytes;
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= b.length) this.fail(what, 'end of data');
      const byte = b[this.pos++]!;
      result += (byte & 0x7f) * mul;
      if (byte < 0x80) return result;
      mul *= 128;
    }
  }

  /** Signed LEB128 as a number (exact within ±2^53). */
  sleb(what = 'SLEB128'): number {
    const b = this.bytes;
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= b.length) this.fail(what, 'end of data');
      const byte = b[this.pos++]!;
      result += (byte & 0x7f) * mul;
      mul *= 128;
      if (byte < 0x80) return byte & 0x40 ? result - mul : result;
    }
  }

  /** Unsigned LEB128, exact, truncated to 64 bits. */
  ulebBig(what = 'ULEB128'): bigint {
    const b = this.bytes;
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= b.length) this.fail(what, 'end of data');
      const byte = b[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if (byte < 0x80) return BigInt.asUintN(64, result);
    }
  }

  /** Signed LEB128, exact, as a 64-bit signed value. */
  slebBig(what = 'SLEB128'): bigint {
    const b = this.bytes;
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= b.length) this.fail(what, 'end of data');
      const byte = b[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if (byte < 0x80) {
        if (byte & 0x40) result -= 1n << shift;
        return BigInt.asIntN(64, result);
      }
    }
  }

  skipLeb(what = 'LEB128'): void {
    const b = this.bytes;
    for (;;) {
      if (this.pos >= b.length) this.fail(what, 'end of data');
      if (b[this.pos++]! < 0x80) return;
    }
  }

  /** A section offset of the unit's offset size (4 in 32-bit DWARF, 8 in 64-bit DWARF). */
  offset(size: number, what = 'section offset'): number {
    return size === 8 ? this.u64n(what) : this.u32(what);
  }

  /** An address of `size` bytes (1, 2, 4 or 8). */
  address(size: number, what = 'address'): bigint {
    switch (size) {
      case 8:
        return this.u64(what);
      case 4:
        return BigInt(this.u32(what));
      case 2:
        return BigInt(this.u16(what));
      case 1:
        return BigInt(this.u8(what));
      default:
        return this.fail(`address size 1, 2, 4 or 8`, `${size}`);
    }
  }

  /** Unsigned little/big-endian integer of 1..8 bytes as bigint (data forms, DWARF 5 §7.5.5). */
  uint(size: number, what = 'constant'): bigint {
    if (size === 3) {
      const lo = this.u16(what);
      return BigInt(lo + this.u8(what) * 0x10000);
    }
    return this.address(size, what);
  }

  /** NUL-terminated UTF-8 string (DW_FORM_string and header tables). */
  cstr(what = 'string'): string {
    const b = this.bytes;
    const end = b.indexOf(0, this.pos);
    if (end < 0) this.fail(`NUL-terminated ${what}`, 'end of data');
    const s = utf8.decode(b.subarray(this.pos, end));
    this.pos = end + 1;
    return s;
  }
}

/** The NUL-terminated string at `offset` of a string section (.debug_str, .debug_line_str). */
export function stringAt(section: Uint8Array, offset: number): string | null {
  if (offset < 0 || offset >= section.length) return null;
  let end = section.indexOf(0, offset);
  if (end < 0) end = section.length;
  // Identifiers are short ASCII: skip the decoder's call overhead for them.
  if (end - offset <= 64) {
    let ascii = true;
    for (let i = offset; i < end; i++) if (section[i]! >= 0x80) ascii = false;
    if (ascii)
      return String.fromCharCode.apply(null, section.subarray(offset, end) as unknown as number[]);
  }
  return utf8.decode(section.subarray(offset, end));
}
