import { describe, expect, it } from 'vitest';
import { BadDataError, FaultError } from '../errors';
import { MemorySource } from '../io/memory-source';
import { openKdump, sniffKdump } from './kdump-compressed';
import { makeNote, writeKdump, zstdRleFrame, type KdumpPageSpec, type KdumpWriterOptions } from './test-support/kdump-writer';

const PAGE = 4096;
const NAME = 'test.kdump';

/** A page whose bytes depend on the PFN, compressible but not uniform. */
function pageOf(pfn: number): Uint8Array {
  const p = new Uint8Array(PAGE);
  for (let i = 0; i < PAGE; i++) p[i] = (i % 64 < 32 ? pfn : i * 7) & 0xff;
  p.set(new TextEncoder().encode(`page ${pfn}`), 100);
  return p;
}

const open = (bytes: Uint8Array, name = NAME) => openKdump(new MemorySource(name, bytes));

/** The FaultError a read must end with. */
const fault = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('expected a FaultError'),
    (e: unknown) => (expect(e).toBeInstanceOf(FaultError), e as FaultError),
  );

/**
 * RAM: PFNs [1, 100) and [110, 200) of max_mapnr 256. Stored: 1..9 with each codec,
 * 10..19 zero pages, 110..119 raw; the rest of RAM is excluded.
 */
function sample(extra: Partial<KdumpWriterOptions> = {}) {
  const pages = new Map<number, KdumpPageSpec>();
  const codecs = ['none', 'zlib', 'lzo', 'snappy'] as const;
  for (let p = 1; p < 10; p++) pages.set(p, { data: pageOf(p), codec: codecs[p % 4] });
  pages.set(9, { data: new Uint8Array(PAGE).fill(0xab), codec: 'zstd' });
  for (let p = 10; p < 20; p++) pages.set(p, { data: new Uint8Array(PAGE) });
  for (let p = 110; p < 120; p++) pages.set(p, { data: pageOf(p) });
  const le = extra.littleEndian ?? true;
  const notes = Uint8Array.from([...makeNote('CORE', 1, new Uint8Array(336).fill(1), le), ...makeNote('CORE', 1, new Uint8Array(336).fill(2), le)]);
  const opts: KdumpWriterOptions = {
    maxPfn: 256,
    ram: [
      [1, 100],
      [110, 200],
    ],
    pages,
    zeroPage: true,
    notes,
    vmcoreinfo: 'OSRELEASE=6.1.0-test\nPAGESIZE=4096\n',
    status: 0x1,
    nrCpus: 2,
    physBase: 0x1600000n,
    ...extra,
  };
  return { opts, ...writeKdump(opts) };
}

const expected = (p: number) => (p === 9 ? new Uint8Array(PAGE).fill(0xab) : p >= 10 && p < 20 ? new Uint8Array(PAGE) : pageOf(p));

describe('sniffKdump', () => {
  it('recognizes both signatures and nothing else', () => {
    const enc = new TextEncoder();
    expect(sniffKdump(enc.encode('KDUMP   rest'))).toBe('kdump');
    expect(sniffKdump(enc.encode('DISKDUMPrest'))).toBe('diskdump');
    expect(sniffKdump(enc.encode('KDUMP'))).toBeNull();
    expect(sniffKdump(enc.encode('\x7fELF\x02\x01\x01\x00'))).toBeNull();
  });
});

describe('openKdump on a header_version 6 file', () => {
  it('reports the header facts, notes and physical ranges', async () => {
    const img = await open(sample().bytes);
    expect(img.format).toBe('kdump');
    expect(img.files).toEqual([NAME]);
    expect(img.compression).toBe('zlib');
    expect(img.producer).toBe('kernel');
    expect(img.arch).toBe('x86_64');
    expect(img.littleEndian).toBe(true);
    expect(img.pageSize).toBe(PAGE);
    expect(img.facts).toMatchObject({ headerVersion: 6, maxPfn: 256n, nrCpus: 2, physBase: 0x1600000n, dumpLevel: 31, status: 1, incomplete: false, timestampSeconds: 1700000000 });
    expect(img.facts.utsname).toMatchObject({ sysname: 'Linux', release: '6.1.0-test', machine: 'x86_64' });
    expect(img.notes.map((n) => n.name)).toEqual(['CORE', 'CORE', 'VMCOREINFO']);
    expect(new TextDecoder().decode(img.notes[2]!.desc)).toBe('OSRELEASE=6.1.0-test\nPAGESIZE=4096\n');
    expect(img.physRanges).toEqual([
      { start: 0x1000n, end: 100n * 0x1000n },
      { start: 110n * 0x1000n, end: 200n * 0x1000n },
    ]);
    expect(img.excludedPages).toBe(99 + 90 - 19 - 10);
    expect(img.storedPages).toBe(29);
    expect(img.splitInfo).toEqual({ split: false, startPfn: 0n, endPfn: 256n });
    expect(img.warnings).toEqual([]);
  });

  it('reads pages of every codec, zero pages and raw pages', async () => {
    const img = await open(sample().bytes);
    for (const p of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 19, 110, 119]) {
      expect(await img.readPhys(BigInt(p * PAGE), PAGE)).toEqual(expected(p));
    }
  });

  it('reads across page boundaries and at odd offsets', async () => {
    const img = await open(sample().bytes);
    const got = await img.readPhys(BigInt(3 * PAGE + 4000), 3 * PAGE);
    const want = Uint8Array.from([...expected(3), ...expected(4), ...expected(5), ...expected(6)]).subarray(4000, 4000 + 3 * PAGE);
    expect(got).toEqual(want);
    expect(await img.readPhys(0x5000n, 0)).toEqual(new Uint8Array(0));
  });

  it('tells present, excluded, hole and beyond-dump apart', async () => {
    const img = await open(sample().bytes);
    expect(img.pageState(0x1000n)).toBe('present');
    expect(img.pageState(BigInt(50 * PAGE + 5))).toBe('excluded');
    expect(img.pageState(BigInt(105 * PAGE))).toBe('hole');
    expect(img.pageState(0n)).toBe('hole');
    expect(img.pageState(BigInt(300 * PAGE))).toBe('hole');
    expect((await fault(img.readPhys(BigInt(50 * PAGE + 5), 8))).reason).toBe('excluded');
    expect((await fault(img.readPhys(BigInt(105 * PAGE), 8))).reason).toBe('hole');
    expect((await fault(img.readPhys(BigInt(256 * PAGE), 8))).reason).toBe('beyond-dump');
    // The fault names the first byte that cannot be read.
    const f = await fault(img.readPhys(BigInt(20 * PAGE - 4), 8));
    expect(f.reason).toBe('excluded');
    expect(f.address).toBe(BigInt(20 * PAGE));
  });
});

describe('header versions', () => {
  for (const v of [0, 1, 2, 3, 4, 5, 6]) {
    it(`reads header_version ${v}`, async () => {
      const { bytes } = sample({ headerVersion: v, maxPfn: 256 });
      const img = await open(bytes);
      expect(img.facts.headerVersion).toBe(v);
      expect(await img.readPhys(BigInt(PAGE), PAGE)).toEqual(expected(1));
      expect(img.facts.physBase).toBe(v >= 1 ? 0x1600000n : undefined);
      expect(img.facts.dumpLevel).toBe(v >= 1 ? 31 : undefined);
      expect(img.facts.maxPfn).toBe(256n);
      // Notes from version 4; version 3 has only VMCOREINFO, wrapped in a note.
      const names = img.notes.map((n) => n.name);
      expect(names).toEqual(v >= 4 ? ['CORE', 'CORE', 'VMCOREINFO'] : v === 3 ? ['VMCOREINFO'] : []);
      if (v >= 3) expect(new TextDecoder().decode(img.notes.at(-1)!.desc)).toContain('OSRELEASE=6.1.0-test');
    });
  }

  it('takes max_mapnr_64 over the 32-bit max_mapnr from version 6', async () => {
    // A bitmap for 256 PFNs, a header max_mapnr of 200, max_mapnr_64 256: PFN 230 is a hole, not beyond.
    const { bytes } = sample();
    new DataView(bytes.buffer).setUint32(440, 200, true);
    const img = await open(bytes);
    expect(img.facts.maxPfn).toBe(256n);
    expect((await fault(img.readPhys(BigInt(230 * PAGE), 1))).reason).toBe('hole');
  });
});

describe('32-bit producers and byte order', () => {
  for (const layout of ['32pack', '32pad'] as const) {
    it(`reads the ILP32 header with a ${layout} sub-header`, async () => {
      const img = await open(sample({ layout, utsname: { machine: 'i686' } }).bytes);
      expect(img.header.layout).toBe('ilp32');
      expect(img.subHeader?.layout).toBe(layout);
      expect(img.arch).toBe('x86');
      expect(img.facts).toMatchObject({ physBase: 0x1600000n, dumpLevel: 31, maxPfn: 256n, headerVersion: 6 });
      expect(img.notes.map((n) => n.name)).toEqual(['CORE', 'CORE', 'VMCOREINFO']);
      expect(await img.readPhys(BigInt(2 * PAGE), PAGE)).toEqual(expected(2));
    });
  }

  it('reads a big-endian file', async () => {
    const img = await open(sample({ littleEndian: false, utsname: { machine: 's390x' } }).bytes);
    expect(img.littleEndian).toBe(false);
    expect(img.notes.map((n) => n.name)).toEqual(['CORE', 'CORE', 'VMCOREINFO']);
    expect(img.facts.physBase).toBe(0x1600000n);
    expect(await img.readPhys(BigInt(5 * PAGE), PAGE)).toEqual(expected(5));
    expect(img.pageState(BigInt(50 * PAGE))).toBe('excluded');
  });

  it('reads other block sizes', async () => {
    const pages = new Map<number, KdumpPageSpec>([[3, { data: new Uint8Array(16384).fill(7), codec: 'zlib' }]]);
    const img = await open(writeKdump({ blockSize: 16384, maxPfn: 64, ram: [[0, 64]], pages, status: 1 }).bytes);
    expect(img.pageSize).toBe(16384);
    expect(await img.readPhys(3n * 16384n + 10n, 4)).toEqual(new Uint8Array(4).fill(7));
  });
});

describe('producer, compression and status', () => {
  it('says qemu when only utsname.machine is filled', async () => {
    const img = await open(sample({ utsname: { sysname: '', nodename: '', release: '', version: '', domainname: '' } }).bytes);
    expect(img.producer).toBe('qemu');
  });

  it("corrects QEMU's phys_base, written as VMCOREINFO's decimal digits read as hex", async () => {
    const qemu = { sysname: '', nodename: '', release: '', version: '', domainname: '' };
    const opts = { utsname: qemu, physBase: 0x23068672n, vmcoreinfo: 'NUMBER(phys_base)=23068672\n' };
    const img = await open(sample(opts).bytes);
    expect(img.facts.physBase).toBe(0x1600000n);
    expect(img.warnings.map((w) => w.code)).toEqual(['QEMU_PHYS_BASE']);
    // A negative phys_base: QEMU negates the hex reading modulo 2^64.
    const neg = await open(sample({ ...opts, physBase: BigInt.asUintN(64, -0x570425344n), vmcoreinfo: 'NUMBER(phys_base)=-570425344\n' }).bytes);
    expect(neg.facts.physBase).toBe(0xffffffffde000000n);
    // makedumpfile's value is taken as written.
    const kernel = await open(sample({ ...opts, utsname: {} }).bytes);
    expect(kernel.facts.physBase).toBe(0x23068672n);
    expect(kernel.warnings).toEqual([]);
  });

  it('reports the codecs named in the status flags', async () => {
    expect((await open(sample({ status: 0 }).bytes)).compression).toBe('none');
    expect((await open(sample({ status: 0x2 }).bytes)).compression).toBe('lzo');
    expect((await open(sample({ status: 0x4 }).bytes)).compression).toBe('snappy');
    expect((await open(sample({ status: 0x20 }).bytes)).compression).toBe('zstd');
    expect((await open(sample({ status: 0x21 }).bytes)).compression).toBe('mixed');
  });

  it('reads a zstd page given as stored bytes and a uniform RLE frame', async () => {
    const pages = new Map<number, KdumpPageSpec>([[1, { stored: zstdRleFrame(0x5a, PAGE), flags: 0x20 }]]);
    const img = await open(writeKdump({ maxPfn: 8, ram: [[0, 8]], pages, status: 0x20 }).bytes);
    expect(await img.readPhys(0x1000n, PAGE)).toEqual(new Uint8Array(PAGE).fill(0x5a));
  });
});

describe('incomplete dumps', () => {
  it('faults with "incomplete" on a descriptor never written and reads the others', async () => {
    const { opts } = sample({ status: 0x8 | 0x1 });
    opts.pages.set(3, { unwritten: true });
    const img = await open(writeKdump(opts).bytes);
    expect(img.facts.incomplete).toBe(true);
    expect(img.warnings.map((w) => w.code)).toContain('KDUMP_INCOMPLETE');
    const f = await fault(img.readPhys(BigInt(3 * PAGE), 4));
    expect(f.reason).toBe('incomplete');
    expect(f.message).toMatch(/page_desc\[2\].*never written/);
    expect(await img.readPhys(BigInt(4 * PAGE), PAGE)).toEqual(expected(4));
  });
});

describe('split parts', () => {
  it('reads its own PFN range and faults beyond-dump outside it', async () => {
    const { opts } = sample();
    const img = await open(writeKdump({ ...opts, split: { start: 100, end: 256 } }).bytes);
    expect(img.splitInfo).toEqual({ split: true, startPfn: 100n, endPfn: 256n });
    expect(img.storedPages).toBe(10);
    expect(img.physRanges).toEqual([{ start: 110n * 0x1000n, end: 200n * 0x1000n }]);
    expect(img.excludedPages).toBe(80);
    expect(await img.readPhys(BigInt(115 * PAGE), PAGE)).toEqual(expected(115));
    const f = await fault(img.readPhys(BigInt(5 * PAGE), 1));
    expect(f.reason).toBe('beyond-dump');
    expect(f.message).toMatch(/split part/);
  });

  it('rejects a split range beyond max_mapnr', async () => {
    const { opts } = sample();
    await expect(open(writeKdump({ ...opts, split: { start: 100, end: 300 } }).bytes)).rejects.toThrow(BadDataError);
  });
});

describe('DISKDUMP files', () => {
  it('reads a single-bitmap diskdump with tasks[] and the register block', async () => {
    const pages = new Map<number, KdumpPageSpec>([
      [2, { data: pageOf(2) }],
      [3, { data: pageOf(3), codec: 'zlib' }],
    ]);
    const regs = new Uint8Array(PAGE).fill(0x42);
    const w = writeKdump({ signature: 'DISKDUMP', headerVersion: 1, singleBitmap: true, maxPfn: 16, ram: [[0, 16]], pages, tasks: [0xffff888000001000n, 0xffff888000002000n], currentCpu: 1, registerBlock: regs });
    const img = await open(w.bytes);
    expect(img.format).toBe('diskdump');
    expect(img.notes).toEqual([]);
    expect(img.diskdump).toMatchObject({ currentCpu: 1, tasks: [0xffff888000001000n, 0xffff888000002000n], panicTask: 0xffff888000002000n });
    expect(img.diskdump!.registerBlock).toEqual(regs);
    // One bitmap: what is not stored is a hole, nothing is "excluded".
    expect(img.excludedPages).toBe(0);
    expect(img.physRanges).toEqual([
      { start: 0x2000n, end: 0x4000n },
    ]);
    expect(await img.readPhys(0x3000n, PAGE)).toEqual(pageOf(3));
    expect(img.pageState(0x5000n)).toBe('hole');
  });

  it('warns about an implausible nr_cpus and still opens', async () => {
    const pages = new Map<number, KdumpPageSpec>([[1, { data: pageOf(1) }]]);
    const img = await open(writeKdump({ signature: 'DISKDUMP', maxPfn: 8, ram: [[0, 8]], pages, nrCpus: 10000 }).bytes);
    expect(img.warnings.map((w) => w.code)).toContain('DISKDUMP_NR_CPUS');
    expect(await img.readPhys(0x1000n, PAGE)).toEqual(pageOf(1));
  });
});
