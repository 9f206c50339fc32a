// snappy pages (DUMP_DH_COMPRESSED_SNAPPY): one raw snappy block per page (not the framed
// format), from snappy_compress() in makedumpfile.c write_kdump_pages_cyclic; crash
// diskdump.c cache_page checks snappy_uncompressed_length() == block_size.
//
// A raw block is a varint of the uncompressed length, then elements whose low 2 tag bits
// give the kind: 0 literal (length in the tag or in 1..4 following bytes), 1 copy with a
// 1-byte offset (length 4..11), 2 copy with a 2-byte offset, 3 copy with a 4-byte offset
// (github.com/google/snappy format_description.txt). snappyjs decodes it, but silently
// truncates output that overruns the declared length and leaves a short output zero
// filled, so we first walk the elements and check that they produce exactly the declared
// length with every copy inside the output.
import { uncompress } from 'snappyjs';
import { CodecError } from './codec-error';

function fail(reason: string): never {
  throw new CodecError('snappy', reason);
}

/** Reads the leading varint; returns [value, bytes used]. */
function readVarint(input: Uint8Array): [number, number] {
  let value = 0;
  for (let i = 0; i < 5 && i < input.length; i++) {
    const b = input[i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) return [value, i + 1];
  }
  return fail('bad uncompressed-length varint');
}

/** Walks the elements of a raw block; throws unless they produce exactly `declared` bytes. */
function checkElements(input: Uint8Array, pos: number, declared: number): void {
  let produced = 0;
  while (pos < input.length) {
    const tag = input[pos++]!;
    const kind = tag & 3;
    let len: number;
    if (kind === 0) {
      len = (tag >> 2) + 1;
      if (len > 60) {
        const extra = len - 60;
        if (pos + extra > input.length) fail('truncated literal length');
        len = 0;
        for (let i = 0; i < extra; i++) len += input[pos + i]! * 2 ** (8 * i);
        len += 1;
        pos += extra;
      }
      if (pos + len > input.length) fail(`literal of ${len} bytes runs past the input`);
      pos += len;
    } else {
      const offBytes = kind === 1 ? 1 : kind === 2 ? 2 : 4;
      if (pos + offBytes > input.length) fail('truncated copy element');
      let offset: number;
      if (kind === 1) {
        len = ((tag >> 2) & 7) + 4;
        offset = ((tag >> 5) << 8) | input[pos]!;
      } else {
        len = (tag >> 2) + 1;
        offset = 0;
        for (let i = 0; i < offBytes; i++) offset += input[pos + i]! * 2 ** (8 * i);
      }
      pos += offBytes;
      if (offset === 0 || offset > produced) fail(`copy offset ${offset} outside the ${produced} bytes produced`);
    }
    produced += len;
    if (produced > declared) fail(`output overruns the declared ${declared} bytes`);
  }
  if (produced !== declared) fail(`produced ${produced} bytes, declared ${declared}`);
}

export function snappyDecompress(input: Uint8Array, pageSize: number): Uint8Array {
  const [declared, used] = readVarint(input);
  if (declared !== pageSize) fail(`uncompressed length ${declared}, expected ${pageSize}`);
  checkElements(input, used, declared);
  let out: Uint8Array;
  try {
    out = uncompress(input, pageSize);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (out.length !== pageSize) fail(`decoded ${out.length} bytes, expected ${pageSize}`);
  return out;
}
