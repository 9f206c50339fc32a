// zlib pages (DUMP_DH_COMPRESSED_ZLIB): one zlib stream (RFC 1950) per page, written by
// compress2() in makedumpfile.c write_kdump_pages_cyclic and read with uncompress() by
// crash diskdump.c cache_page. fflate inflates it into a page-sized buffer (2.4x faster
// than letting it grow one) but neither checks the trailing Adler-32 nor reports output
// beyond the buffer; checking the Adler-32 of the page catches both: a corrupt page must
// fail, not decode to wrong bytes.
import { unzlibSync } from 'fflate';
import { CodecError } from './codec-error';

/** Adler-32 (RFC 1950 §8.2). */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  // Reduce every 5552 bytes, as zlib does (keeps the sums small; doubles are exact anyway).
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return (b * 65536 + a) >>> 0;
}

export function zlibDecompress(input: Uint8Array, pageSize: number): Uint8Array {
  if (input.length < 6) throw new CodecError('zlib', `stream of ${input.length} bytes is too short`);
  let out: Uint8Array;
  try {
    out = unzlibSync(input, { out: new Uint8Array(pageSize) });
  } catch (e) {
    throw new CodecError('zlib', e instanceof Error ? e.message : String(e));
  }
  if (out.length !== pageSize) throw new CodecError('zlib', `decoded ${out.length} bytes, expected ${pageSize}`);
  const n = input.length;
  const stored = ((input[n - 4]! << 24) | (input[n - 3]! << 16) | (input[n - 2]! << 8) | input[n - 1]!) >>> 0;
  const actual = adler32(out);
  if (stored !== actual) {
    throw new CodecError('zlib', `Adler-32 0x${actual.toString(16)} does not match the stored 0x${stored.toString(16)}`);
  }
  return out;
}
