import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { compress as snappyCompress } from 'snappyjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CodecError } from './codec-error';
import { lzo1xDecompressSafe } from './lzo1x';
import { codecOfFlags, decompressPage, initCodecs } from './page-codec';
import { adler32 } from './zlib';

const dir = join(import.meta.dirname, 'testdata');
const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const PAGE = 4096;
/** A page with structure: the text vector decoded from its LZO block. */
const textPage = lzo1xDecompressSafe(file('text.lzo1'), PAGE);
const ZLIB = 0x1;
const LZO = 0x2;
const SNAPPY = 0x4;
const ZSTD = 0x20;

describe('codecOfFlags', () => {
  it('follows page_desc.flags bits in crash cache_page order', () => {
    expect(codecOfFlags(0)).toBe('none');
    expect(codecOfFlags(ZLIB)).toBe('zlib');
    expect(codecOfFlags(LZO)).toBe('lzo');
    expect(codecOfFlags(SNAPPY)).toBe('snappy');
    expect(codecOfFlags(ZSTD)).toBe('zstd');
    expect(codecOfFlags(ZLIB | ZSTD)).toBe('zlib');
    expect(codecOfFlags(0x8 | 0x10)).toBe('none');
  });
});

describe('raw pages', () => {
  it('returns a page-sized input unchanged and rejects any other size', () => {
    expect(decompressPage(0, textPage, PAGE)).toBe(textPage);
    expect(() => decompressPage(0, textPage.subarray(1), PAGE)).toThrow(CodecError);
  });
});

describe('zlib', () => {
  it('adler32 matches the RFC 1950 value of a known string', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });

  it('decodes a zlib stream to the page', () => {
    expect(decompressPage(ZLIB, zlibSync(textPage), PAGE)).toEqual(textPage);
  });

  it('rejects a wrong decoded length, a bad checksum, a corrupt body, a truncation', () => {
    expect(() => decompressPage(ZLIB, zlibSync(textPage.subarray(1)), PAGE)).toThrow(/decoded 4095/);
    // More than a page: fflate stops at the buffer's end; the checksum tells.
    const longer = Uint8Array.from([...textPage, 1, 2, 3]);
    expect(() => decompressPage(ZLIB, zlibSync(longer), PAGE)).toThrow(/Adler-32/);
    expect(() => decompressPage(ZLIB, zlibSync(longer, { level: 0 }), PAGE)).toThrow(CodecError);
    const z = zlibSync(textPage);
    const badSum = z.slice();
    badSum[badSum.length - 1]! ^= 1;
    expect(() => decompressPage(ZLIB, badSum, PAGE)).toThrow(/Adler-32/);
    for (let i = 2; i < z.length - 4; i += 37) {
      const bad = z.slice();
      bad[i]! ^= 0x5a;
      expect(() => decompressPage(ZLIB, bad, PAGE)).toThrow(CodecError);
    }
    for (let n = 0; n < z.length; n += 50) expect(() => decompressPage(ZLIB, z.subarray(0, n), PAGE)).toThrow(CodecError);
  });
});

describe('snappy (raw block)', () => {
  it('decodes a raw snappy block to the page', () => {
    const s = snappyCompress(textPage);
    expect(s.length).toBeLessThan(PAGE);
    expect(decompressPage(SNAPPY, s, PAGE)).toEqual(textPage);
    expect(decompressPage(SNAPPY, snappyCompress(new Uint8Array(PAGE)), PAGE)).toEqual(new Uint8Array(PAGE));
  });

  it('rejects a wrong declared length, overrun, underrun, bad offsets and truncation', () => {
    expect(() => decompressPage(SNAPPY, snappyCompress(textPage.subarray(1)), PAGE)).toThrow(/uncompressed length 4095/);
    // declared 4096 (varint 80 20), one 4-byte literal: underrun.
    expect(() => decompressPage(SNAPPY, Uint8Array.of(0x80, 0x20, 3 << 2, 1, 2, 3, 4), PAGE)).toThrow(/produced 4/);
    // declared 4, literal of 4, then a copy of 4 at offset 1: overrun.
    expect(() => decompressPage(SNAPPY, Uint8Array.of(4, 3 << 2, 1, 2, 3, 4, 0x01, 1), 4)).toThrow(/overruns/);
    // declared 8: literal of 4, copy-1 of length 4 at offset 5 > 4 produced.
    expect(() => decompressPage(SNAPPY, Uint8Array.of(8, 3 << 2, 1, 2, 3, 4, 0x01, 5), 8)).toThrow(/offset 5/);
    const s = snappyCompress(textPage);
    for (let n = 0; n < s.length; n += 41) expect(() => decompressPage(SNAPPY, s.subarray(0, n), PAGE)).toThrow(CodecError);
  });
});

describe('zstd (one frame)', () => {
  beforeAll(() => initCodecs());

  it('decodes frames made by the zstd CLI', () => {
    expect(decompressPage(ZSTD, file('text.zst'), PAGE)).toEqual(textPage);
    expect(decompressPage(ZSTD, file('zeros.zst'), PAGE)).toEqual(new Uint8Array(PAGE));
  });

  it('rejects a frame of another content size, a bad magic, truncation and corruption', () => {
    expect(() => decompressPage(ZSTD, file('short.zst'), PAGE)).toThrow(/content size 4095/);
    const z = file('text.zst');
    const badMagic = z.slice();
    badMagic[0] = 0;
    expect(() => decompressPage(ZSTD, badMagic, PAGE)).toThrow(/magic/);
    for (let n = 0; n < z.length; n += 29) expect(() => decompressPage(ZSTD, z.subarray(0, n), PAGE)).toThrow(CodecError);
    let failed = 0;
    for (let i = 8; i < z.length; i += 13) {
      const bad = z.slice();
      bad[i]! ^= 0xff;
      try {
        expect(decompressPage(ZSTD, bad, PAGE).length).toBe(PAGE);
      } catch (e) {
        expect(e).toBeInstanceOf(CodecError);
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(0);
  });
});

describe('lzo through decompressPage', () => {
  it('decodes a page and rejects a stream of another length', () => {
    expect(decompressPage(LZO, file('text.lzo9'), PAGE)).toEqual(textPage);
    expect(() => decompressPage(LZO, file('longlit.lzo1'), PAGE)).toThrow(/decoded 4000/);
  });
});
