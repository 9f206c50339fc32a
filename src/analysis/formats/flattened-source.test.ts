import { describe, expect, it } from 'vitest';
import { BadDataError } from '../errors';
import { MemorySource } from '../io/memory-source';
import { FlattenedSource, sniffFlattened } from './flattened-source';
import { openKdump } from './kdump-compressed';
import { writeFlattened, writeKdump, type FlatRecord, type KdumpPageSpec } from './test-support/kdump-writer';

const PAGE = 4096;

function fileOf(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

function shuffled<T>(a: T[], seed: number): T[] {
  const out = [...a];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const flat = (bytes: Uint8Array, opts = {}) => new FlattenedSource(new MemorySource('vmcore.flat', bytes), opts);

function sampleKdump() {
  const pages = new Map<number, KdumpPageSpec>();
  for (let p = 1; p < 40; p++) pages.set(p, { data: fileOf(PAGE, p).map((b) => b & 0x0f), codec: p % 2 ? 'zlib' : 'none' });
  return writeKdump({ maxPfn: 64, ram: [[0, 48]], pages, status: 1, vmcoreinfo: 'OSRELEASE=x\n' });
}

describe('sniffFlattened', () => {
  it('wants "makedumpfile\\0" and a big-endian type 1', () => {
    const f = writeFlattened(fileOf(100));
    expect(sniffFlattened(f)).toBe(true);
    const bad = f.slice();
    bad[23] = 2;
    expect(sniffFlattened(bad)).toBe(false);
    expect(sniffFlattened(new TextEncoder().encode('makedumpfile'))).toBe(false);
  });
});

describe('FlattenedSource', () => {
  it('rebuilds a file from records in any order', async () => {
    const file = fileOf(50000);
    const records: FlatRecord[] = [];
    for (let o = 0; o < file.length; o += 777) records.push({ offset: o, size: Math.min(777, file.length - o) });
    const src = flat(writeFlattened(file, { records: shuffled(records, 7) }));
    for (const [a, n] of [
      [0, 10],
      [700, 200],
      [49990, 10],
      [12345, 20000],
    ] as const) {
      expect(await src.read(a, n)).toEqual(file.subarray(a, a + n));
    }
    // Past the end: short, and the size is exact once everything is indexed.
    expect((await src.read(49995, 100)).length).toBe(5);
    expect(src.indexed).toBe(true);
    expect(src.size).toBe(50000);
    expect(src.warnings).toEqual([]);
  });

  it('indexes lazily: a read scans only until it is covered', async () => {
    const file = fileOf(100000);
    const src = flat(writeFlattened(file, { chunk: 1000 }));
    expect(await src.read(0, 64)).toEqual(file.subarray(0, 64));
    expect(src.recordCount).toBeLessThan(10);
    expect(src.indexed).toBe(false);
    expect(src.size).toBe(Number.MAX_SAFE_INTEGER);
    expect(await src.read(30500, 1000)).toEqual(file.subarray(30500, 31500));
    expect(src.recordCount).toBeLessThan(40);
    await src.indexAll();
    expect(src.recordCount).toBe(100);
  });

  it('serves concurrent reads correctly while indexing', async () => {
    const file = fileOf(60000);
    const src = flat(writeFlattened(file, { records: shuffled([...Array(60).keys()].map((i) => ({ offset: i * 1000, size: 1000 })), 3) }));
    const reads = [...Array(40).keys()].map((i) => [(i * 1499) % 59000, 900] as const);
    const got = await Promise.all(reads.map(([a, n]) => src.read(a, n)));
    got.forEach((g, i) => expect(g).toEqual(file.subarray(reads[i]![0], reads[i]![0] + reads[i]![1])));
  });

  it('reads unwritten gaps as zeros', async () => {
    const file = fileOf(10000);
    const src = flat(
      writeFlattened(file, {
        records: [
          { offset: 0, size: 3000 },
          { offset: 5000, size: 5000 },
        ],
      }),
    );
    const got = await src.read(2000, 4000);
    expect(got.subarray(0, 1000)).toEqual(file.subarray(2000, 3000));
    expect(got.subarray(1000, 3000)).toEqual(new Uint8Array(2000));
    expect(got.subarray(3000)).toEqual(file.subarray(5000, 6000));
  });

  it('lets later records win and warns when a served range is rewritten', async () => {
    const file = fileOf(5000);
    const newer = new Uint8Array(100).fill(0xee);
    const src = flat(
      writeFlattened(file, {
        records: [
          { offset: 0, size: 100 },
          { offset: 1000, size: 4000 },
          { offset: 50, size: 100, data: newer },
          { offset: 100, size: 900 },
        ],
      }),
    );
    expect(await src.read(0, 100)).toEqual(file.subarray(0, 100));
    expect(src.warnings).toEqual([]);
    const got = await src.read(0, 200);
    expect(got.subarray(0, 50)).toEqual(file.subarray(0, 50));
    // The third record wins over the first; the fourth over the third.
    expect(got.subarray(50, 100)).toEqual(newer.subarray(0, 50));
    expect(got.subarray(100)).toEqual(file.subarray(100, 200));
    expect(src.warnings.map((w) => w.code)).toEqual(['FLAT_REWRITE']);
    expect(src.warnings[0]!.message).toMatch(/^vmcore\.flat: record at 0x.* rewrites \[0x32, 0x96\)/);
  });

  it('does not warn about a rewrite nobody had read', async () => {
    const file = fileOf(3000);
    const src = flat(writeFlattened(file, { records: [{ offset: 0, size: 3000 }, { offset: 10, size: 10, data: new Uint8Array(10) }] }));
    await src.indexAll();
    expect(await src.read(0, 30)).toEqual(Uint8Array.from([...file.subarray(0, 10), ...new Uint8Array(10), ...file.subarray(20, 30)]));
    expect(src.warnings).toEqual([]);
  });

  it('warns about a missing end marker and a truncated record, keeping what is there', async () => {
    const file = fileOf(5000);
    const noEnd = flat(writeFlattened(file, { endMarker: false }));
    expect(await noEnd.read(4000, 1000)).toEqual(file.subarray(4000));
    await noEnd.indexAll();
    expect(noEnd.warnings.map((w) => w.code)).toEqual(['FLAT_TRUNCATED']);
    expect(noEnd.warnings[0]!.message).toMatch(/no end marker/);

    const whole = writeFlattened(file, { chunk: 1000 });
    // Cut inside the data of the 4th record (4096 + 3·1016 + 16 + 500).
    const cut = flat(whole.subarray(0, 4096 + 3 * 1016 + 16 + 500));
    expect(await cut.read(3000, 2000)).toEqual(file.subarray(3000, 3500));
    expect(cut.size).toBe(3500);
    expect(cut.warnings[0]!.message).toMatch(/claims 1000 bytes but only 500 remain/);

    // Cut inside a record header.
    const cutHeader = flat(whole.subarray(0, 4096 + 2 * 1016 + 7));
    await cutHeader.indexAll();
    expect(cutHeader.size).toBe(2000);
    expect(cutHeader.warnings[0]!.message).toMatch(/truncated record header/);
  });

  it('stops at a record header with a negative offset or size', async () => {
    const file = fileOf(3000);
    const bytes = writeFlattened(file, { chunk: 1000 });
    new DataView(bytes.buffer).setBigInt64(4096 + 1016, -7n, false);
    const src = flat(bytes);
    await src.indexAll();
    expect(src.size).toBe(1000);
    expect(src.warnings[0]!.message).toMatch(/offset -7/);
  });

  it('rejects a stream without the flattened header', async () => {
    const bytes = writeFlattened(fileOf(100));
    bytes[0] = 0x4d;
    await expect(flat(bytes).read(0, 10)).rejects.toThrow(BadDataError);
  });

  it('reports indexing progress', async () => {
    const calls: [string, number, number][] = [];
    const bytes = writeFlattened(fileOf(20000));
    await flat(bytes, { onProgress: (s: string, d: number, t: number) => calls.push([s, d, t]) }).indexAll();
    expect(calls.at(-1)).toEqual(['indexing flattened file', bytes.length, bytes.length]);
  });

  it('carries a kdump file: openKdump reads it as format "flattened"', async () => {
    const w = sampleKdump();
    const plain = await openKdump(new MemorySource('vmcore', w.bytes));
    const chunks: FlatRecord[] = [];
    for (let o = 0; o < w.bytes.length; o += 3000) chunks.push({ offset: o, size: Math.min(3000, w.bytes.length - o) });
    // makedumpfile writes the header, then the rest; shuffle the rest.
    const src = flat(writeFlattened(w.bytes, { records: [chunks[0]!, ...shuffled(chunks.slice(1), 11)] }));
    const img = await openKdump(src);
    expect(img.format).toBe('flattened');
    expect(img.physRanges).toEqual(plain.physRanges);
    expect(img.excludedPages).toBe(plain.excludedPages);
    expect(img.notes.map((n) => n.name)).toEqual(['VMCOREINFO']);
    for (let p = 1; p < 40; p++) expect(await img.readPhys(BigInt(p * PAGE), PAGE)).toEqual(await plain.readPhys(BigInt(p * PAGE), PAGE));
    // Its warnings are the source's (later rewrites would show up there).
    expect(img.warnings).toBe(src.warnings);
  });

  it('opens a kdump file without indexing the page data', async () => {
    const w = sampleKdump();
    const src = flat(writeFlattened(w.bytes, { chunk: 2048 }));
    const img = await openKdump(src);
    expect(src.indexed).toBe(false);
    expect(await img.readPhys(BigInt(2 * PAGE), 16)).toEqual(w.bytes.subarray(w.pageAt.get(2)!.data, w.pageAt.get(2)!.data + 16));
  });
});
