import { describe, expect, it } from 'vitest';
import { CachedSource } from './cached-source';
import { MemorySource } from './memory-source';
import type { ByteSource } from './byte-source';

function counting(bytes: Uint8Array): ByteSource & { reads: number } {
  const inner = new MemorySource('mem', bytes);
  const src = {
    name: 'mem',
    size: bytes.length,
    reads: 0,
    read(o: number, n: number) {
      src.reads++;
      return inner.read(o, n);
    },
  };
  return src;
}

const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) & 0xff);

describe('CachedSource', () => {
  it('returns the same bytes as the source for reads across block boundaries', async () => {
    const c = new CachedSource(new MemorySource('m', data), { blockSize: 64, budgetBytes: 1024 });
    for (const [o, n] of [[0, 1], [60, 10], [63, 130], [9990, 100], [0, 10_000], [5000, 0]] as const) {
      const got = await c.read(o, n);
      expect(Array.from(got)).toEqual(Array.from(data.subarray(o, Math.min(o + n, data.length))));
    }
  });

  it('shares one underlying read between concurrent readers of a block', async () => {
    const src = counting(data);
    const c = new CachedSource(src, { blockSize: 256, budgetBytes: 4096 });
    await Promise.all([c.read(0, 10), c.read(20, 10), c.read(100, 50)]);
    expect(src.reads).toBe(1);
  });

  it('stays within its byte budget', async () => {
    const c = new CachedSource(new MemorySource('m', data), { blockSize: 128, budgetBytes: 512 });
    for (let o = 0; o < data.length; o += 100) await c.read(o, 50);
    expect(c.stats.cachedBytes).toBeLessThanOrEqual(512);
  });

  it('does not cache a failed read', async () => {
    let fail = true;
    const src: ByteSource = {
      name: 'flaky',
      size: 100,
      read: (o, n) => (fail ? Promise.reject(new Error('io')) : Promise.resolve(data.subarray(o, o + n))),
    };
    const c = new CachedSource(src, { blockSize: 64 });
    await expect(c.read(0, 4)).rejects.toThrow('io');
    fail = false;
    expect((await c.read(0, 4)).length).toBe(4);
  });

  it('rejects a block size that is not a power of two', () => {
    expect(() => new CachedSource(new MemorySource('m', data), { blockSize: 100 })).toThrow(/power of two/);
  });
});
