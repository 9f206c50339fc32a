import { describe, expect, it } from 'vitest';
import { BadDataError, FaultError } from '../errors';
import { MemorySource } from '../io/memory-source';
import { openKdump } from './kdump-compressed';
import { openSplitSet } from './split-set';
import { writeKdump, type KdumpPageSpec, type KdumpWriterOptions } from './test-support/kdump-writer';

const PAGE = 4096;

function pageOf(pfn: number): Uint8Array {
  const p = new Uint8Array(PAGE).fill(pfn & 0xff);
  p[0] = pfn >> 8;
  return p;
}

function base(): KdumpWriterOptions {
  const pages = new Map<number, KdumpPageSpec>();
  for (let p = 0; p < 256; p++) if (p % 3 !== 0 && p < 240) pages.set(p, { data: pageOf(p), codec: p % 2 ? 'zlib' : 'none' });
  return { maxPfn: 256, ram: [[0, 240]], pages, status: 1 };
}

const RANGES: [number, number][] = [
  [0, 80],
  [80, 160],
  [160, 256],
];

async function parts(opts = base(), ranges = RANGES, tweak?: (i: number, o: KdumpWriterOptions) => KdumpWriterOptions) {
  return Promise.all(
    ranges.map(([start, end], i) => {
      const o = { ...opts, split: { start, end } };
      return openKdump(new MemorySource(`vmcore.part${i}`, writeKdump(tweak ? tweak(i, o) : o).bytes));
    }),
  );
}

describe('openSplitSet', () => {
  it('joins parts given in any order and routes reads to the owning part', async () => {
    const [a, b, c] = await parts();
    const set = openSplitSet([c!, a!, b!]);
    expect(set.format).toBe('split');
    expect(set.files).toEqual(['vmcore.part0', 'vmcore.part1', 'vmcore.part2']);
    expect(set.physRanges).toEqual([{ start: 0n, end: 240n * 0x1000n }]);
    expect(set.excludedPages).toBe(80);
    expect(set.compression).toBe('zlib');
    expect(set.facts.maxPfn).toBe(256n);
    for (const p of [1, 2, 79, 80, 82, 158, 161, 239]) {
      if (p % 3 === 0) continue;
      expect(await set.readPhys(BigInt(p * PAGE), PAGE)).toEqual(pageOf(p));
    }
    // A read across the boundary of two parts.
    const got = await set.readPhys(BigInt(80 * PAGE - 10), 20);
    expect(got).toEqual(Uint8Array.from([...pageOf(79).subarray(PAGE - 10), ...pageOf(80).subarray(0, 10)]));
    expect(set.pageState(BigInt(81 * PAGE))).toBe('excluded');
    expect(set.pageState(BigInt(82 * PAGE))).toBe('present');
    expect(set.pageState(BigInt(250 * PAGE))).toBe('hole');
    await expect(set.readPhys(BigInt(81 * PAGE), 1)).rejects.toMatchObject({ reason: 'excluded' });
    await expect(set.readPhys(BigInt(300 * PAGE), 1)).rejects.toBeInstanceOf(FaultError);
  });

  it('names the missing middle part', async () => {
    const [a, , c] = await parts();
    expect(() => openSplitSet([a!, c!])).toThrow(BadDataError);
    expect(() => openSplitSet([a!, c!])).toThrow(/vmcore\.part2.*PFNs \[0x50, 0xa0\).*missing/);
  });

  it('names the missing last and first parts', async () => {
    const [a, b, c] = await parts();
    expect(() => openSplitSet([a!, b!])).toThrow(/vmcore\.part1.*\[0xa0, 0x100\) after this one/);
    expect(() => openSplitSet([b!, c!])).toThrow(/vmcore\.part1.*\[0x0, 0x50\) before this one/);
  });

  it('rejects a part of another dump', async () => {
    const [a, b] = await parts();
    const [, , other] = await parts(base(), RANGES, (i, o) => (i === 2 ? { ...o, utsname: { version: '#2 SMP' } } : o));
    expect(() => openSplitSet([a!, b!, other!])).toThrow(/vmcore\.part2.*same dump as vmcore\.part0.*utsname/);
    const [, , bigger] = await parts({ ...base(), maxPfn: 512 }, [
      [0, 80],
      [80, 160],
      [160, 512],
    ]);
    expect(() => openSplitSet([a!, b!, bigger!])).toThrow(/max_mapnr/);
  });

  it('rejects overlapping parts and complete dumps', async () => {
    const [a, b, c] = await parts();
    expect(() => openSplitSet([a!, b!, b!, c!])).toThrow(/overlapping/);
    const whole = await openKdump(new MemorySource('vmcore.whole', writeKdump(base()).bytes));
    expect(() => openSplitSet([whole])).toThrow(/vmcore\.whole.*split = 0/);
  });
});
