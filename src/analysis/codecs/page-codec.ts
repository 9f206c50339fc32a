// One entry point for the page codecs of kdump-compressed dumps: page_desc.flags says how
// the stored bytes of a page are encoded (makedumpfile diskdump_mod.h DUMP_DH_COMPRESSED_*).
// With no compression bit the page is stored raw and must be exactly one page long
// (makedumpfile keeps raw data whenever compression does not make it smaller).
import { CodecError, type CodecName } from './codec-error';
import { lzo1xDecompressSafe } from './lzo1x';
import { snappyDecompress } from './snappy';
import { zlibDecompress } from './zlib';
import { initZstd, zstdDecompress } from './zstd';

export const DUMP_DH_COMPRESSED_ZLIB = 0x1;
export const DUMP_DH_COMPRESSED_LZO = 0x2;
export const DUMP_DH_COMPRESSED_SNAPPY = 0x4;
export const DUMP_DH_COMPRESSED_ZSTD = 0x20;

/** The codec a page_desc.flags value selects; tested in crash diskdump.c cache_page's order. */
export function codecOfFlags(flags: number): CodecName {
  if (flags & DUMP_DH_COMPRESSED_ZLIB) return 'zlib';
  if (flags & DUMP_DH_COMPRESSED_LZO) return 'lzo';
  if (flags & DUMP_DH_COMPRESSED_SNAPPY) return 'snappy';
  if (flags & DUMP_DH_COMPRESSED_ZSTD) return 'zstd';
  return 'none';
}

/** Loads the decoders that need it (zstd: WebAssembly) once; await before decompressPage. */
export function initCodecs(): Promise<void> {
  return initZstd();
}

/**
 * Decodes the stored bytes of one page. Returns exactly `pageSize` bytes or throws
 * CodecError (corrupt stream, or wrong decoded length). zstd needs initCodecs() done.
 */
export function decompressPage(flags: number, input: Uint8Array, pageSize: number): Uint8Array {
  switch (codecOfFlags(flags)) {
    case 'zlib':
      return zlibDecompress(input, pageSize);
    case 'lzo': {
      const out = lzo1xDecompressSafe(input, pageSize);
      if (out.length !== pageSize) throw new CodecError('lzo', `decoded ${out.length} bytes, expected ${pageSize}`);
      return out;
    }
    case 'snappy':
      return snappyDecompress(input, pageSize);
    case 'zstd':
      return zstdDecompress(input, pageSize);
    case 'none':
      if (input.length !== pageSize) {
        throw new CodecError('none', `raw page of ${input.length} bytes, expected ${pageSize}`);
      }
      return input;
  }
}
