// Cross-format check: the dumps of one boot were written from the same memory (run-kdump:
// one /proc/vmcore saved as kdump zlib/lzo/snappy/zstd, flattened, ELF -d 31 and full ELF;
// run-qemudump: one paused guest saved by QEMU as ELF and as flattened kdump-zlib), so
// every page present in all of them must be byte-identical.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DumpImage } from '../../src/analysis/formats/dump-image';
import type { KdumpImage } from '../../src/analysis/formats/kdump-compressed';
import { allFixtures, type Fixture } from '../support/fixtures';
import { openElfFixture, openKdumpFixture, type Opened } from './kdump-support';

const PAGE = 4096n;
const SAMPLES = 3000;

const fixture = (id: string): Fixture | undefined => allFixtures().find((f) => f.id === id);

/** PFNs present in every image, spread evenly over all of them. */
function commonPresent(images: DumpImage[], maxPfn: bigint): bigint[] {
  const all: bigint[] = [];
  for (let pfn = 0n; pfn < maxPfn; pfn++) {
    if (images.every((img) => img.pageState(pfn * PAGE) === 'present')) all.push(pfn);
  }
  const step = Math.max(1, Math.floor(all.length / SAMPLES));
  return all.filter((_, i) => i % step === 0);
}

async function expectSamePages(opened: Opened<DumpImage>[], pfns: bigint[]): Promise<void> {
  const [ref, ...others] = opened;
  for (const pfn of pfns) {
    const want = await ref!.image.readPhys(pfn * PAGE, Number(PAGE));
    for (const o of others) {
      const got = await o.image.readPhys(pfn * PAGE, Number(PAGE));
      if (Buffer.compare(got, want) !== 0) {
        expect.fail(`page 0x${pfn.toString(16)} differs between ${ref!.image.files[0]} and ${o.image.files[0]}`);
      }
    }
  }
}

function group(kdumpIds: string[], elfIds: string[]) {
  const opened: Opened<DumpImage>[] = [];
  const kdumps: Opened<KdumpImage>[] = [];
  beforeAll(async () => {
    for (const id of kdumpIds) {
      const f = fixture(id);
      if (f) kdumps.push(await openKdumpFixture(f));
    }
    opened.push(...kdumps);
    for (const id of elfIds) {
      const f = fixture(id);
      if (f) opened.push(await openElfFixture(f));
    }
    console.log(`cross-format: ${opened.map((o) => `${o.image.files[0]} (${o.image.format}, open ${o.openMs.toFixed(1)} ms)`).join(', ')}`);
  });
  afterAll(async () => {
    for (const o of opened) await o.close();
  });
  return { opened, kdumps };
}

const haveShared = fixture('kdump-zlib') !== undefined;

describe.skipIf(!haveShared)('run-kdump: kdump zlib/lzo/snappy/zstd, flattened, ELF -d 31 and full ELF', () => {
  const { opened, kdumps } = group(['kdump-zlib', 'kdump-lzo', 'kdump-snappy', 'kdump-zstd', 'flat-nocomp'], ['kdump-elf-d31', 'kdump-elf-full']);

  it('the kdump files agree on RAM ranges, excluded and stored pages', () => {
    expect(kdumps.length).toBe(5);
    const [ref, ...rest] = kdumps.map((k) => k.image);
    for (const img of rest) {
      expect(img.physRanges).toEqual(ref!.physRanges);
      expect(img.excludedPages).toBe(ref!.excludedPages);
      expect(img.storedPages).toBe(ref!.storedPages);
    }
  });

  it('every page present in all dumps is byte-identical', async () => {
    expect(opened.length).toBe(7);
    const pfns = commonPresent(
      opened.map((o) => o.image),
      kdumps[0]!.image.facts.maxPfn!,
    );
    expect(pfns.length).toBeGreaterThan(2000);
    await expectSamePages(opened, pfns);
  });
});

describe.skipIf(!fixture('qemu-kdump-zlib'))('run-qemudump: QEMU flattened kdump-zlib and ELF', () => {
  const { opened, kdumps } = group(['qemu-kdump-zlib'], ['qemu-elf']);

  it('present pages of the kdump file are byte-identical to the ELF ones', async () => {
    expect(opened.length).toBe(2);
    const pfns = commonPresent(
      opened.map((o) => o.image),
      kdumps[0]!.image.facts.maxPfn!,
    );
    expect(pfns.length).toBeGreaterThan(2000);
    await expectSamePages(opened, pfns);
  });

  it('the kdump file stores every RAM page the ELF file has', () => {
    const [kd, elf] = opened.map((o) => o.image);
    for (const r of elf!.physRanges) {
      for (let a = r.start; a < r.end; a += PAGE * 97n) expect(kd!.pageState(a), `0x${a.toString(16)}`).toBe('present');
    }
  });
});
