import { describe, expect, it } from 'vitest';
import { BadDataError, FaultError } from '../errors';
import { CachedSource } from '../io/cached-source';
import { MemorySource } from '../io/memory-source';
import { openElfCore, sniffElf } from './elf-core';
import {
  buildElfCore,
  encodeNote,
  pattern,
  prstatusDesc,
  slots,
  textDesc,
  type CoreSpec,
  type NoteSpec,
} from './test-support/elf-writer';

const KTEXT = 0xffffffff81000000n;
const DIRECT = 0xffff888000000000n;

const vmcoreinfo = (text: string): NoteSpec => ({
  name: 'VMCOREINFO',
  type: 0,
  desc: textDesc(text),
});
const prstatus = (pid: number, wordSize: 4 | 8 = 8): NoteSpec => ({
  name: 'CORE',
  type: 1,
  desc: prstatusDesc(pid, slots(wordSize === 8 ? 27 : 17, 0x100n), wordSize),
});

/** Two adjacent RAM segments [0x1000, 0x3000) + [0x3000, 0x5000), a hole, then [0x10000, 0x11000). */
function kernelSpec(over: Partial<CoreSpec> = {}): CoreSpec {
  return {
    noteSegments: [[prstatus(0), prstatus(7), vmcoreinfo('OSRELEASE=6.1.0\nPAGESIZE=4096\n')]],
    loads: [
      { paddr: 0x1000n, vaddr: DIRECT + 0x1000n, data: pattern(0x2000, 1) },
      { paddr: 0x3000n, vaddr: DIRECT + 0x3000n, data: pattern(0x2000, 2) },
      { paddr: 0x10000n, vaddr: DIRECT + 0x10000n, data: pattern(0x1000, 3) },
    ],
    ...over,
  };
}

const open = (bytes: Uint8Array, name = 'vmcore') => openElfCore(new MemorySource(name, bytes));

async function fault(p: Promise<unknown>): Promise<FaultError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FaultError);
    return e as FaultError;
  }
  throw new Error('expected a FaultError');
}

async function badData(p: Promise<unknown>): Promise<BadDataError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BadDataError);
    return e as BadDataError;
  }
  throw new Error('expected a BadDataError');
}

describe('openElfCore', () => {
  for (const is64 of [true, false]) {
    for (const littleEndian of [true, false]) {
      it(`opens an ELF${is64 ? 64 : 32} ${littleEndian ? 'little' : 'big'}-endian core and reads across segments`, async () => {
        const built = buildElfCore(
          kernelSpec({
            is64,
            littleEndian,
            machine: is64 ? 62 : 3,
            noteSegments: [[prstatus(0, is64 ? 8 : 4), vmcoreinfo('PAGESIZE=4096\n')]],
            loads: [
              { paddr: 0x1000n, vaddr: 0xc0001000n, data: pattern(0x2000, 1) },
              { paddr: 0x3000n, vaddr: 0xc0003000n, data: pattern(0x2000, 2) },
            ],
          }),
        );
        const img = await open(built.bytes);
        expect(img.format).toBe('elf');
        expect(img.compression).toBe('none');
        expect(img.littleEndian).toBe(littleEndian);
        expect(img.arch).toBe(is64 ? 'x86_64' : 'x86');
        expect(img.facts.elfClass).toBe(is64 ? 'elf64' : 'elf32');
        expect(img.notes.map((n) => n.name)).toEqual(['CORE', 'VMCOREINFO']);
        expect(img.physRanges).toEqual([{ start: 0x1000n, end: 0x5000n }]);
        const got = await img.readPhys(0x2ff0n, 0x20);
        expect(Array.from(got)).toEqual([
          ...pattern(0x2000, 1).subarray(0x1ff0),
          ...pattern(0x2000, 2).subarray(0, 0x10),
        ]);
        expect(img.warnings).toEqual([]);
      });
    }
  }

  it('reports header facts, notes, producer and page size', async () => {
    const img = await open(
      buildElfCore(kernelSpec({ noteSegments: [[prstatus(0), vmcoreinfo('PAGESIZE=16384\n')]] }))
        .bytes,
    );
    expect(img.producer).toBe('kernel');
    expect(img.pageSize).toBe(16384);
    expect(img.files).toEqual(['vmcore']);
    expect(img.facts.nrCpus).toBe(1);
    expect(img.facts.elfMachine).toBe(62);
    expect(img.virtualSegments).toEqual([
      { vaddr: DIRECT + 0x1000n, paddr: 0x1000n, size: 0x4000n },
      { vaddr: DIRECT + 0x10000n, paddr: 0x10000n, size: 0x1000n },
    ]);
    expect(img.physRanges).toEqual([
      { start: 0x1000n, end: 0x5000n },
      { start: 0x10000n, end: 0x11000n },
    ]);
  });

  it('falls back to 4096 without VMCOREINFO and warns on a bad PAGESIZE', async () => {
    expect(
      (await open(buildElfCore(kernelSpec({ noteSegments: [[prstatus(0)]] })).bytes)).pageSize,
    ).toBe(4096);
    const img = await open(
      buildElfCore(kernelSpec({ noteSegments: [[vmcoreinfo('PAGESIZE=1000\n')]] })).bytes,
    );
    expect(img.pageSize).toBe(4096);
    expect(img.warnings.map((w) => w.code)).toContain('BAD_PAGESIZE');
  });

  it('throws hole and beyond-dump faults at the first unreadable byte', async () => {
    const img = await open(buildElfCore(kernelSpec()).bytes);
    let e = await fault(img.readPhys(0x4ff8n, 16));
    expect([e.address, e.reason, e.space]).toEqual([0x5000n, 'hole', 'physical']);
    e = await fault(img.readPhys(0x800n, 4));
    expect([e.address, e.reason]).toEqual([0x800n, 'hole']);
    e = await fault(img.readPhys(0x10ff0n, 0x20));
    expect([e.address, e.reason]).toEqual([0x11000n, 'beyond-dump']);
    e = await fault(img.readPhys(0xffffffff0000n, 1));
    expect(e.reason).toBe('beyond-dump');
    expect(img.pageState(0x5000n)).toBe('hole');
    expect(img.pageState(0x10000n)).toBe('present');
    expect((await img.readPhys(0x1000n, 0)).length).toBe(0);
  });

  it('treats p_memsz beyond p_filesz as excluded pages, not zeros', async () => {
    const built = buildElfCore(
      kernelSpec({
        loads: [
          { paddr: 0x0n, vaddr: DIRECT, data: pattern(0x2000, 1), memsz: 0x5000n },
          { paddr: 0x5000n, vaddr: DIRECT + 0x5000n, data: pattern(0x1000, 2), memsz: 0x1800n },
        ],
      }),
    );
    const img = await open(built.bytes);
    expect(img.excludedPages).toBe(4); // 0x2000-0x5000 (3 pages) + the partial page 0x6000
    expect(img.physRanges).toEqual([{ start: 0n, end: 0x6800n }]);
    expect(img.pageState(0x1fffn)).toBe('present');
    expect(img.pageState(0x2000n)).toBe('excluded');
    expect(img.pageState(0x6000n)).toBe('excluded');
    const e = await fault(img.readPhys(0x1ffcn, 8));
    expect([e.address, e.reason]).toEqual([0x2000n, 'excluded']);
    expect(e.message).toContain('vmcore');
    expect(Array.from(await img.readPhys(0x5000n, 4))).toEqual(
      Array.from(pattern(0x1000, 2).subarray(0, 4)),
    );
  });

  it('merges the kernel text PT_LOAD with the direct map of the same RAM', async () => {
    const ram = pattern(0x4000, 5);
    const built = buildElfCore(
      kernelSpec({
        loads: [
          { paddr: 0x2000n, vaddr: KTEXT, data: ram.slice(0x2000, 0x3000) },
          { paddr: 0n, vaddr: DIRECT, data: ram },
        ],
      }),
    );
    const img = await open(built.bytes);
    expect(img.physRanges).toEqual([{ start: 0n, end: 0x4000n }]);
    expect(img.virtualSegments).toEqual([
      { vaddr: DIRECT, paddr: 0n, size: 0x4000n },
      { vaddr: KTEXT, paddr: 0x2000n, size: 0x1000n },
    ]);
    expect(Array.from(await img.readPhys(0x1ff0n, 0x2010))).toEqual(
      Array.from(ram.subarray(0x1ff0, 0x4000)),
    );
  });

  it('prefers stored bytes over another PT_LOAD that excluded the same page', async () => {
    const ram = pattern(0x3000, 6);
    const img = await open(
      buildElfCore(
        kernelSpec({
          loads: [
            { paddr: 0n, vaddr: KTEXT, data: ram.slice(0, 0x1000), memsz: 0x3000n },
            {
              paddr: 0x1000n,
              vaddr: DIRECT + 0x1000n,
              data: ram.slice(0x1000, 0x2000),
              memsz: 0x2000n,
            },
          ],
        }),
      ).bytes,
    );
    expect(img.excludedPages).toBe(1);
    expect(Array.from(await img.readPhys(0xff0n, 0x20))).toEqual(
      Array.from(ram.subarray(0xff0, 0x1010)),
    );
    expect((await fault(img.readPhys(0x2000n, 1))).reason).toBe('excluded');
  });

  it('recognises a QEMU dump: identity PT_LOADs are not virtual mappings', async () => {
    const img = await open(
      buildElfCore({
        noteSegments: [[prstatus(1), { name: 'QEMU', type: 0, desc: new Uint8Array(440) }]],
        loads: [
          { paddr: 0n, data: pattern(0x1000, 1) },
          { paddr: 0xc0000n, vaddr: 0xc0000n, data: pattern(0x1000, 2) },
        ],
      }).bytes,
    );
    expect(img.producer).toBe('qemu');
    expect(img.virtualSegments).toEqual([]);
    expect(img.physRanges.length).toBe(2);
  });

  it('reads every PT_NOTE segment and PN_XNUM program header counts', async () => {
    const img = await open(
      buildElfCore(
        kernelSpec({
          pnXnum: true,
          noteSegments: [[prstatus(0)], [prstatus(1)], [vmcoreinfo('PAGESIZE=4096\n')]],
        }),
      ).bytes,
    );
    expect(img.notes.map((n) => n.name)).toEqual(['CORE', 'CORE', 'VMCOREINFO']);
    expect(img.physRanges.length).toBe(2);
  });

  it('keeps notes before a note with a bad size, with a warning', async () => {
    const good = encodeNote({ name: 'CORE', type: 1, desc: new Uint8Array(8) });
    const bad = Uint8Array.of(
      5,
      0,
      0,
      0,
      0xff,
      0xff,
      0,
      0,
      1,
      0,
      0,
      0,
      0x43,
      0x4f,
      0x52,
      0x45,
      0,
      0,
      0,
      0,
    );
    const built = buildElfCore(
      kernelSpec({ noteSegments: [], rawNoteSegment: new Uint8Array([...good, ...bad]) }),
    );
    const img = await open(built.bytes);
    expect(img.notes.length).toBe(1);
    const w = img.warnings.find((x) => x.code === 'BAD_NOTE');
    expect(w?.message).toContain('vmcore');
    expect(w?.message).toContain(`0x${(built.noteOffsets[0]! + good.length).toString(16)}`);
  });

  it('survives a note with a huge name inside a large PT_NOTE', async () => {
    const big = new Uint8Array(12 + 600_000);
    new DataView(big.buffer).setUint32(0, 600_000, true);
    big.fill(0x41, 12);
    const img = await open(
      buildElfCore(kernelSpec({ noteSegments: [], rawNoteSegment: big })).bytes,
    );
    expect(img.notes.length).toBe(1);
    expect(img.notes[0]!.name.length).toBe(256);
  });

  it('marks makedumpfile DUMP_ELF_INCOMPLETE and warns about an unknown machine', async () => {
    const img = await open(buildElfCore(kernelSpec({ flags: 1, machine: 40 })).bytes);
    expect(img.facts.incomplete).toBe(true);
    expect(img.arch).toBe('unknown');
    expect(img.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['ELF_INCOMPLETE', 'ELF_UNKNOWN_MACHINE']),
    );
  });

  it('warns when p_filesz exceeds p_memsz and keeps the stored bytes', async () => {
    const img = await open(
      buildElfCore(kernelSpec({ loads: [{ paddr: 0n, data: pattern(0x1000, 1), memsz: 0x800n }] }))
        .bytes,
    );
    expect(img.physRanges).toEqual([{ start: 0n, end: 0x1000n }]);
    expect(img.warnings.map((w) => w.code)).toContain('ELF_FILESZ_GT_MEMSZ');
  });

  it('gives the same bytes through a tiny block cache', async () => {
    const built = buildElfCore(kernelSpec());
    const img = await openElfCore(
      new CachedSource(new MemorySource('vmcore', built.bytes), {
        blockSize: 512,
        budgetBytes: 4096,
      }),
    );
    const direct = await open(built.bytes);
    for (const [a, n] of [
      [0x1001n, 0x3fff],
      [0x2ffdn, 7],
      [0x10000n, 0x1000],
    ] as const) {
      expect(Array.from(await img.readPhys(a, n))).toEqual(Array.from(await direct.readPhys(a, n)));
    }
  });
});

describe('bad input', () => {
  it('sniffs only ELF core files', () => {
    const core = buildElfCore(kernelSpec()).bytes;
    expect(sniffElf(core.subarray(0, 64))).toBe(true);
    expect(sniffElf(buildElfCore(kernelSpec({ littleEndian: false })).bytes.subarray(0, 64))).toBe(
      true,
    );
    expect(sniffElf(buildElfCore(kernelSpec({ type: 2 })).bytes.subarray(0, 64))).toBe(false);
    expect(sniffElf(textDesc('KDUMP   \0\0\0\0\0\0\0\0\0\0\0\0'))).toBe(false);
    expect(sniffElf(core.subarray(0, 3))).toBe(false);
  });

  it('rejects a wrong magic, class or e_type with the file and offset', async () => {
    const core = buildElfCore(kernelSpec()).bytes;
    let e = await badData(open(Uint8Array.from(core, (b, i) => (i === 1 ? 0x46 : b))));
    expect([e.source, e.offset]).toEqual(['vmcore', 0]);
    expect(e.message).toContain('ELF magic');
    e = await badData(open(Uint8Array.from(core, (b, i) => (i === 4 ? 3 : b))));
    expect(e.offset).toBe(4);
    e = await badData(open(buildElfCore(kernelSpec({ type: 2 })).bytes));
    expect(e.offset).toBe(16);
    expect(e.message).toContain('ET_CORE');
  });

  it('names the file and offset when the headers are truncated', async () => {
    const built = buildElfCore(kernelSpec());
    for (const cut of [0, 10, 40, built.phoff + 20, built.phoff + 56 * 3]) {
      const e = await badData(open(built.bytes.slice(0, cut), 'cut.vmcore'));
      expect(e.source).toBe('cut.vmcore');
      expect(e.message).toMatch(/cut\.vmcore, offset 0x[0-9a-f]+/);
    }
  });

  it('keeps the notes before a cut inside the PT_NOTE segment', async () => {
    const built = buildElfCore(kernelSpec());
    const img = await open(built.bytes.slice(0, built.noteOffsets[0]! + 400));
    expect(img.notes.length).toBe(1);
    expect(img.warnings.map((w) => w.code)).toContain('BAD_NOTE');
    expect((await fault(img.readPhys(0x1000n, 1))).reason).toBe('incomplete');
  });

  it('opens a file cut inside PT_LOAD data; the missing part is incomplete', async () => {
    const built = buildElfCore(kernelSpec());
    const cut = built.loadOffsets[1]! + 0x800;
    const img = await open(built.bytes.slice(0, cut));
    expect(img.warnings.map((w) => w.code)).toContain('ELF_TRUNCATED');
    expect(img.physRanges).toEqual([
      { start: 0x1000n, end: 0x5000n },
      { start: 0x10000n, end: 0x11000n },
    ]);
    expect(Array.from(await img.readPhys(0x37f0n, 16))).toEqual(
      Array.from(pattern(0x2000, 2).subarray(0x7f0, 0x800)),
    );
    const e = await fault(img.readPhys(0x37f0n, 32));
    expect([e.address, e.reason]).toEqual([0x3800n, 'incomplete']);
    expect(e.message).toContain('vmcore');
    expect(img.pageState(0x3800n)).toBe('incomplete');
    expect(img.pageState(0x10000n)).toBe('incomplete');
  });

  it('refuses a program header table larger than the file before reading it', async () => {
    const built = buildElfCore(kernelSpec());
    const bytes = built.bytes.slice();
    new DataView(bytes.buffer).setUint16(56, 0xfff0, true);
    const e = await badData(open(bytes));
    expect(e.offset).toBe(built.phoff);
  });
});
