// LZO1X decompression with every bound checked, as liblzo's / Linux's
// lzo1x_decompress_safe() does (makedumpfile compresses pages with lzo1x_1_compress:
// makedumpfile.c write_kdump_pages_cyclic; crash diskdump.c cache_page decompresses with
// lzo1x_decompress_safe). Written from the prose description of the stream in Linux
// Documentation/staging/lzo.rst ("LZO stream format as understood by Linux's LZO
// decompressor"), without the lzo-rle extension (makedumpfile uses plain LZO1X).
//
// The stream is a sequence of instructions; each copies a run of literals or a match from
// the output already produced, then 0..3 trailing literals ("state"). The meaning of an
// opcode below 16 depends on the state left by the previous instruction. A match with
// distance 16384 in the 0001HLLL form ends the stream.
//
// Every loop consumes input or is bounded by the output capacity, so the decoder never
// hangs; every read and write is range-checked: a bad stream throws CodecError.
import { CodecError } from './codec-error';

class LzoReader {
  ip = 0;
  op = 0;
  readonly out: Uint8Array;

  constructor(
    readonly input: Uint8Array,
    capacity: number,
  ) {
    this.out = new Uint8Array(capacity);
  }

  fail(reason: string): never {
    throw new CodecError('lzo', `${reason} (input byte ${this.ip} of ${this.input.length}, output byte ${this.op} of ${this.out.length})`);
  }

  byte(): number {
    if (this.ip >= this.input.length) this.fail('input overrun');
    return this.input[this.ip++]!;
  }

  le16(): number {
    if (this.ip + 2 > this.input.length) this.fail('input overrun');
    const v = this.input[this.ip]! | (this.input[this.ip + 1]! << 8);
    this.ip += 2;
    return v;
  }

  /** Length field of `bits` bits: 0 means "mask + 255 per zero byte + next non-zero byte". */
  length(opcode: number, mask: number): number {
    const len = opcode & mask;
    if (len !== 0) return len;
    let zeros = 0;
    let b = this.byte();
    while (b === 0) {
      zeros++;
      b = this.byte();
    }
    return mask + zeros * 255 + b;
  }

  literals(n: number): void {
    if (n === 0) return;
    if (this.ip + n > this.input.length) this.fail(`input overrun in a ${n}-byte literal run`);
    if (this.op + n > this.out.length) this.fail(`output overrun in a ${n}-byte literal run`);
    this.out.set(this.input.subarray(this.ip, this.ip + n), this.op);
    this.ip += n;
    this.op += n;
  }

  /** Copies `len` bytes from `dist` back; overlapping copies repeat the pattern. */
  match(dist: number, len: number): void {
    if (dist > this.op) this.fail(`match distance ${dist} before the start of the output`);
    if (this.op + len > this.out.length) this.fail(`output overrun in a ${len}-byte match`);
    const out = this.out;
    let from = this.op - dist;
    const end = this.op + len;
    if (dist >= len) {
      out.copyWithin(this.op, from, from + len);
      this.op = end;
      return;
    }
    for (let to = this.op; to < end; to++) out[to] = out[from++]!;
    this.op = end;
  }
}

/**
 * Decompresses one LZO1X block into at most `capacity` bytes and returns the bytes
 * produced. Throws CodecError on any malformed stream, on output that would exceed
 * `capacity`, and when input remains after the end-of-stream marker.
 */
export function lzo1xDecompressSafe(input: Uint8Array, capacity: number): Uint8Array {
  const r = new LzoReader(input, capacity);
  // Literals copied by the previous instruction: 0, 1..3, or 4 meaning "4 or more".
  let state = 0;
  if (input.length > 0 && input[0]! > 17) {
    // First byte 18..255: a literal run of byte - 17 bytes, with no dictionary yet.
    const n = r.byte() - 17;
    r.literals(n);
    state = n < 4 ? n : 4;
  }
  for (;;) {
    const t = r.byte();
    let dist: number;
    let len: number;
    let trailing: number;
    if (t < 16) {
      if (state === 0) {
        // 0000LLLL: literal run of 3 + length.
        r.literals(3 + r.length(t, 15));
        state = 4;
        continue;
      }
      // 0000DDSS + H: 2-byte match within 1 KiB after 1..3 literals, or 3-byte match at
      // 2049..3072 after a literal run of 4 or more.
      const h = r.byte();
      dist = (h << 2) + ((t >> 2) & 3) + 1;
      len = 2;
      if (state === 4) {
        dist += 2048;
        len = 3;
      }
      trailing = t & 3;
    } else if (t < 32) {
      // 0001HLLL + LE16: match at 16 KiB..48 KiB; distance 16384 marks the end.
      len = 2 + r.length(t, 7);
      const v = r.le16();
      dist = 16384 + ((t & 8) << 11) + (v >> 2);
      trailing = v & 3;
      if (dist === 16384) break;
    } else if (t < 64) {
      // 001LLLLL + LE16: match within 16 KiB.
      len = 2 + r.length(t, 31);
      const v = r.le16();
      dist = (v >> 2) + 1;
      trailing = v & 3;
    } else {
      // 01LDDDSS / 1LLDDDSS + H: 3..4 or 5..8 byte match within 2 KiB.
      len = t < 128 ? 3 + ((t >> 5) & 1) : 5 + ((t >> 5) & 3);
      const h = r.byte();
      dist = (h << 3) + ((t >> 2) & 7) + 1;
      trailing = t & 3;
    }
    r.match(dist, len);
    r.literals(trailing);
    state = trailing;
  }
  if (r.ip !== input.length) r.fail(`${input.length - r.ip} bytes of input after the end-of-stream marker`);
  return r.out.subarray(0, r.op);
}
