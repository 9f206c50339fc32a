// Bad input: every problem must be a typed error naming the file, or a warning with the
// rest still readable; one corrupt page must not hide the others.
import { describe, expect, it } from 'vitest';
import { BadDataError, CrashlensError, FaultError } from '../errors';
import { MemorySource } from '../io/memory-source';
import { openKdump, type KdumpImage } from './kdump-compressed';
import { writeKdump, type KdumpPageSpec, type PageCodecName } from './test-support/kdump-writer';

const PAGE = 4096;
const NAME = 'bad.kdump';

function pageOf(pfn: number): Uint8Array {
  const p = new Uint8Array(PAGE);
  for (let i = 0; i < PAGE; i++) p[i] = (i % 48 < 20 ? pfn * 3 : i >> 4) & 0xff;
  return p;
}

const CODECS: PageCodecName[] = ['none', 'zlib', 'lzo', 'snappy'];

function sample() {
  const pages = new Map<number, KdumpPageSpec>();
  for (let p = 1; p < 33; p++) pages.set(p, { data: pageOf(p), codec: CODECS[p % 4] });
  return writeKdump({ maxPfn: 64, ram: [[0, 48]], pages, status: 0x1 });
}

const open = (bytes: Uint8Array) => openKdump(new MemorySource(NAME, bytes));

/** Reads every page 0..63; returns the reasons of the faults (anything else fails the test). */
async function readAll(img: KdumpImage, compare = true): Promise<Map<number, string>> {
  const faults = new Map<number, string>();
  for (let p = 0; p < 64; p++) {
    try {
      const got = await img.readPhys(BigInt(p * PAGE), PAGE);
      if (compare) expect(Buffer.compare(got, pageOf(p))).toBe(0);
    } catch (e) {
      expect(e).toBeInstanceOf(FaultError);
      faults.set(p, (e as FaultError).reason);
    }
  }
  return faults;
}

describe('wrong or truncated headers', () => {
  it('rejects a wrong signature with the file name and offset 0', async () => {
    const { bytes } = sample();
    bytes.set(new TextEncoder().encode('KDUMP!  '), 0);
    await expect(open(bytes)).rejects.toThrow(/^bad\.kdump, offset 0x0: expected signature "KDUMP {3}"/);
  });

  it('rejects an implausible block size in every layout and byte order', async () => {
    const { bytes } = sample();
    new DataView(bytes.buffer).setInt32(428, 3000, true);
    await expect(open(bytes)).rejects.toThrow(/block_size/);
  });

  it('rejects an empty or tiny file', async () => {
    await expect(open(new Uint8Array(0))).rejects.toThrow(BadDataError);
    await expect(open(sample().bytes.subarray(0, 300))).rejects.toThrow(/disk_dump_header/);
  });

  it('gives a typed error or a readable image at every truncation point', async () => {
    const { bytes, ramOffset, descOffset } = sample();
    let opened = 0;
    for (let cut = 0; cut < bytes.length; cut += cut < descOffset + 1000 ? 113 : 997) {
      let img: KdumpImage;
      try {
        img = await open(bytes.slice(0, cut));
      } catch (e) {
        expect(e).toBeInstanceOf(BadDataError);
        expect((e as Error).message).toMatch(/^bad\.kdump, offset/);
        if (cut > ramOffset && cut < descOffset) expect((e as Error).message).toMatch(/bitmap/);
        continue;
      }
      opened++;
      const faults = await readAll(img);
      for (const [p, reason] of faults) if (p >= 1 && p < 33) expect(reason).toBe('unreadable');
      if (cut < bytes.length) expect(faults.size).toBeGreaterThan(31);
    }
    expect(opened).toBeGreaterThan(10);
  });
});

describe('bitmaps and page_desc table past the end of the file', () => {
  it('fails to open when bitmap_blocks makes the bitmaps run past the end', async () => {
    const { bytes } = sample();
    new DataView(bytes.buffer).setUint32(436, 4000, true);
    await expect(open(bytes)).rejects.toThrow(/bitmap.*before the end of the file/);
  });

  it('opens with a warning when the page_desc table is cut, and reads the pages before the cut', async () => {
    const { bytes, descOffset } = sample();
    const img = await open(bytes.slice(0, descOffset + 24 * 10 + 5));
    expect(img.warnings.map((w) => w.code)).toContain('KDUMP_TRUNCATED');
    const faults = await readAll(img);
    // Descriptors 0..9 (PFNs 1..10) are there but their data is gone: all of 1..32 unreadable.
    expect([...faults.entries()].filter(([p]) => p >= 1 && p < 33).every(([, r]) => r === 'unreadable')).toBe(true);
  });
});

describe('corrupt page descriptors and data', () => {
  for (const codec of ['zlib', 'lzo', 'snappy'] as const) {
    it(`makes only the corrupt ${codec} page unreadable`, async () => {
      const w = sample();
      const pfn = CODECS.indexOf(codec) + 4;
      const at = w.pageAt.get(pfn)!;
      for (let i = 2; i < at.size - 4; i += 5) w.bytes[at.data + i]! ^= 0x6b;
      const img = await open(w.bytes);
      const faults = await readAll(img);
      expect(faults.get(pfn)).toBe('unreadable');
      expect([...faults.keys()].filter((p) => p >= 1 && p < 33)).toEqual([pfn]);
      const f = await img.readPhys(BigInt(pfn * PAGE + 100), 8).catch((e: unknown) => e as FaultError);
      expect(f).toBeInstanceOf(FaultError);
      expect((f as FaultError).address).toBe(BigInt(pfn * PAGE + 100));
      expect((f as FaultError).message).toContain(`${codec} data at`);
      expect((f as FaultError).message).toContain(NAME);
    });
  }

  it('rejects descriptors with a size above the block size, a negative offset, or data past the end', async () => {
    const w = sample();
    const v = new DataView(w.bytes.buffer);
    v.setUint32(w.pageAt.get(5)!.desc + 8, PAGE + 1, true);
    v.setBigInt64(w.pageAt.get(6)!.desc, -5n, true);
    v.setBigInt64(w.pageAt.get(7)!.desc, BigInt(w.bytes.length - 10), true);
    const faults = await readAll(await open(w.bytes));
    expect([...faults.entries()].filter(([p]) => p >= 1 && p < 33)).toEqual([
      [5, 'unreadable'],
      [6, 'unreadable'],
      [7, 'unreadable'],
    ]);
  });

  it('warns about a note copy that points past the end and still opens', async () => {
    const { bytes } = sample();
    const v = new DataView(bytes.buffer);
    v.setBigUint64(PAGE + 48, BigInt(bytes.length + 100), true);
    v.setBigUint64(PAGE + 56, 100n, true);
    const img = await open(bytes);
    expect(img.warnings.map((w) => w.code)).toContain('KDUMP_BAD_NOTES');
    expect(await img.readPhys(BigInt(PAGE), PAGE)).toEqual(pageOf(1));
  });

  it('never throws anything but typed errors on random header and table corruption', async () => {
    const base = sample();
    let seed = 99;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let k = 0; k < 150; k++) {
      const bytes = base.bytes.slice();
      for (let f = 0; f < 4; f++) {
        // Header, sub-header, bitmaps or descriptors.
        const region = [0, PAGE, base.ramOffset, base.descOffset][rand(4)]!;
        bytes[region + rand(region === base.descOffset ? 32 * 24 : 512)] = rand(256);
      }
      try {
        await readAll(await open(bytes), false);
      } catch (e) {
        expect(e).toBeInstanceOf(CrashlensError);
      }
    }
  });
});
