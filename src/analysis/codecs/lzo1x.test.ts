import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodecError } from './codec-error';
import { lzo1xDecompressSafe } from './lzo1x';

const dir = join(import.meta.dirname, 'testdata');
const vectors = JSON.parse(readFileSync(join(dir, 'lzo-vectors.json'), 'utf8')) as Record<string, { size: number; sha256: string }>;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const EOF = [0x11, 0x00, 0x00];
const bytes = (...parts: (number | number[] | Uint8Array)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : Array.from(p))));
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);

describe('lzo1xDecompressSafe on blocks made by lzop (liblzo2 LZO1X-1 and LZO1X-999)', () => {
  for (const [name, v] of Object.entries(vectors)) {
    for (const level of ['1', '9']) {
      it(`${name} at -${level}`, () => {
        const input = readFileSync(join(dir, `${name}.lzo${level}`));
        const out = lzo1xDecompressSafe(new Uint8Array(input), v.size);
        expect(out.length).toBe(v.size);
        expect(sha256(out)).toBe(v.sha256);
      });
    }
  }
});

describe('lzo1xDecompressSafe on hand-assembled streams', () => {
  it('decodes the empty stream (end marker only)', () => {
    expect(lzo1xDecompressSafe(bytes(EOF), 16).length).toBe(0);
  });

  it('repeats a pattern through an overlapping copy (distance 1)', () => {
    // 18: one literal "a"; 0x60 = 01 1 000 00: 4-byte match at distance 1.
    expect(text(lzo1xDecompressSafe(bytes(18, ascii('a'), 0x60, 0x00, EOF), 64))).toBe('aaaaa');
  });

  it('decodes a long literal run whose length uses zero extension bytes', () => {
    const lit = Array.from({ length: 274 }, (_, i) => (i * 7) & 0xff);
    // 0x00 with state 0: literal run, length 3 + 15 + 255·(one zero byte) + 1 = 274.
    const out = lzo1xDecompressSafe(bytes(0x00, 0x00, 0x01, lit, EOF), 300);
    expect(Array.from(out)).toEqual(lit);
  });

  it('decodes a long 001LLLLL match with zero extension and 2 trailing literals', () => {
    // 21: 4 literals "abcd" (state 4). 0x20: length 2 + 31 + 255 + 5 = 293 at distance
    // (LE16 >> 2) + 1 = 4, trailing literals = LE16 & 3 = 2.
    const out = lzo1xDecompressSafe(bytes(21, ascii('abcd'), 0x20, 0x00, 0x05, (3 << 2) | 2, 0x00, ascii('XY'), EOF), 400);
    expect(text(out)).toBe('abcd'.repeat(75).slice(0, 297) + 'XY');
  });

  it('decodes 0000DDSS as a 2-byte match after 1..3 literals', () => {
    // 20: 3 literals "xyz" (state 3); 0x08 + H 0: distance (0 << 2) + 2 + 1 = 3, length 2.
    expect(text(lzo1xDecompressSafe(bytes(20, ascii('xyz'), 0x08, 0x00, EOF), 16))).toBe('xyzxy');
  });

  it('decodes 0000DDSS as a 3-byte match at 2049+ after a run of 4 or more literals', () => {
    const lit = Array.from({ length: 2100 }, (_, i) => (i * 31 + 7) & 0xff);
    // literal run of 3 + 15 + 255·8 + 42 = 2100; then 0x01 (D=0, one trailing literal) + H 0:
    // 3 bytes from distance 2049, then literal "!".
    const stream = bytes(0x00, [0, 0, 0, 0, 0, 0, 0, 0], 42, lit, 0x01, 0x00, ascii('!'), EOF);
    const out = lzo1xDecompressSafe(stream, 4096);
    expect(out.length).toBe(2104);
    expect(Array.from(out.subarray(2100, 2103))).toEqual(lit.slice(2100 - 2049, 2100 - 2049 + 3));
    expect(out[2103]).toBe(0x21);
  });

  it('decodes 0001HLLL matches with H = 0 (16 KiB..32 KiB) and H = 1 (32 KiB..48 KiB)', () => {
    const lit = Array.from({ length: 33000 }, (_, i) => (i ^ (i >> 8)) & 0xff);
    // literal run of 3 + 15 + 255·129 + 87 = 33000 bytes
    const run = [0x00, ...new Array<number>(129).fill(0), 87, ...lit];
    // 0x19 = 0001 1 001: length 3, distance 16384 + (1 << 14) + (LE16 >> 2) = 32768 + 100.
    let out = lzo1xDecompressSafe(bytes(run, 0x19, (100 << 2) & 0xff, 100 >> 6, EOF), 40000);
    expect(Array.from(out.subarray(33000))).toEqual(lit.slice(33000 - 32868, 33000 - 32868 + 3));
    // 0x11 = 0001 0 001: distance 16384 + 8.
    out = lzo1xDecompressSafe(bytes(run, 0x11, 8 << 2, 0x00, EOF), 40000);
    expect(Array.from(out.subarray(33000))).toEqual(lit.slice(33000 - 16392, 33000 - 16392 + 3));
    // distance 32768 + 300 lies before the start of the 33000 bytes produced.
    expect(() => lzo1xDecompressSafe(bytes(run, 0x19, (300 << 2) & 0xff, 300 >> 6, EOF), 40000)).toThrow(/distance 33068/);
  });
});

describe('lzo1xDecompressSafe rejects malformed input', () => {
  const bad = (input: Uint8Array, capacity = 4096) => () => lzo1xDecompressSafe(input, capacity);

  it('fails on empty input and on a missing end marker', () => {
    expect(bad(bytes())).toThrow(CodecError);
    expect(bad(bytes(18, ascii('a'), 0x60, 0x00))).toThrow(/input overrun/);
  });

  it('fails on a match before the start of the output', () => {
    expect(bad(bytes(18, ascii('a'), 0x60, 0x05, EOF))).toThrow(/before the start/);
    expect(bad(bytes(0x11, 0x04, 0x00))).toThrow(/before the start/);
  });

  it('fails when the output would exceed the capacity', () => {
    expect(bad(bytes(18, ascii('a'), 0x60, 0x00, EOF), 4)).toThrow(/output overrun/);
    const input = new Uint8Array(readFileSync(join(dir, 'text.lzo1')));
    expect(bad(input, 4095)).toThrow(/output overrun/);
  });

  it('fails on input after the end marker', () => {
    expect(bad(bytes(EOF, 0x00))).toThrow(/after the end-of-stream/);
  });

  it('fails on zero-extension bytes running to the end of the input', () => {
    expect(bad(bytes(0x00, 0x00, 0x00, 0x00))).toThrow(/input overrun/);
  });

  it('fails on a literal run longer than the input', () => {
    expect(bad(bytes(0x30 + 17, ascii('abc')))).toThrow(/input overrun/);
  });

  it('throws CodecError on every truncation of real blocks', () => {
    for (const name of Object.keys(vectors)) {
      const input = new Uint8Array(readFileSync(join(dir, `${name}.lzo9`)));
      for (let n = 0; n < input.length; n += Math.max(1, Math.floor(input.length / 300))) {
        expect(bad(input.subarray(0, n), vectors[name]!.size)).toThrow(CodecError);
      }
    }
  });

  it('never throws anything but CodecError and never exceeds the capacity on mutated blocks', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    let decoded = 0;
    for (const name of Object.keys(vectors)) {
      const orig = new Uint8Array(readFileSync(join(dir, `${name}.lzo1`)));
      for (let k = 0; k < 300; k++) {
        const input = orig.slice();
        const flips = 1 + Math.floor(rand() * 4);
        for (let f = 0; f < flips; f++) input[Math.floor(rand() * input.length)] = Math.floor(rand() * 256);
        try {
          const out = lzo1xDecompressSafe(input, vectors[name]!.size);
          expect(out.length).toBeLessThanOrEqual(vectors[name]!.size);
          decoded++;
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }
    }
    expect(decoded).toBeLessThan(6 * 300);
  });
});
