import { describe, expect, it } from 'vitest';
import { BadDataError, LookupError } from '../../errors';
import { MemorySource } from '../../io/memory-source';
import { buildIdNote, writeElf } from '../test-support/elf-writer';
import { ElfFile } from './elf-file';
import { SHT_NOBITS, SHT_NOTE, SHT_PROGBITS, sniffVmlinux } from './elf-header';

const id = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
const idHex = Array.from(id, (b) => b.toString(16).padStart(2, '0')).join('');

function sample(is64: boolean, littleEndian: boolean) {
  return writeElf({
    is64,
    littleEndian,
    sections: [
      {
        name: '.text',
        type: SHT_PROGBITS,
        addr: 0x1000n,
        flags: 6n,
        data: Uint8Array.from([1, 2, 3, 4]),
      },
      { name: '.notes', type: SHT_NOTE, data: buildIdNote(id, littleEndian) },
      { name: '.bss', type: SHT_NOBITS, addr: 0x2000n, size: 4096 },
    ],
    segments: [{ type: 1, vaddr: 0x1000n, memsz: 0x2000n }],
  });
}

describe('ElfFile', () => {
  for (const [is64, le] of [
    [true, true],
    [true, false],
    [false, true],
    [false, false],
  ] as const) {
    it(`reads sections, segments and the build-id (ELF${is64 ? 64 : 32} ${le ? 'LE' : 'BE'})`, async () => {
      const elf = await ElfFile.open(new MemorySource('vmlinux', sample(is64, le)));
      expect(elf.is64).toBe(is64);
      expect(elf.littleEndian).toBe(le);
      expect(elf.sections.map((s) => s.name)).toEqual(['', '.text', '.notes', '.bss', '.shstrtab']);
      expect(elf.section('.text')?.addr).toBe(0x1000n);
      expect(await elf.readSection('.text')).toEqual(Uint8Array.from([1, 2, 3, 4]));
      expect((await elf.readSection('.bss')).length).toBe(0);
      expect(elf.segments).toHaveLength(1);
      expect(elf.segments[0]).toMatchObject({ type: 1, vaddr: 0x1000n, memsz: 0x2000n });
      expect(await elf.buildId()).toBe(idHex);
    });
  }

  it('sniffs executables apart from cores and other files', () => {
    const exe = sample(true, true);
    expect(sniffVmlinux(exe)).toBe(true);
    const core = exe.slice();
    core[16] = 4;
    expect(sniffVmlinux(core)).toBe(false);
    expect(sniffVmlinux(new TextEncoder().encode('KDUMP   xxxxxxxxxxxxxxxxx'))).toBe(false);
    expect(sniffVmlinux(exe.subarray(0, 10))).toBe(false);
    expect(sniffVmlinux(sample(false, false))).toBe(true);
  });

  it('reports a missing section and bounds readSection', async () => {
    const elf = await ElfFile.open(new MemorySource('vmlinux', sample(true, true)));
    await expect(elf.readSection('.BTF')).rejects.toBeInstanceOf(LookupError);
    await expect(elf.readSection('.text', 2)).rejects.toThrow(/section .text of at most 2 bytes/);
  });

  it('follows extended section numbering (e_shnum 0, e_shstrndx SHN_XINDEX)', async () => {
    const bytes = sample(true, true);
    const dv = new DataView(bytes.buffer);
    const shoff = Number(dv.getBigUint64(40, true));
    const shnum = dv.getUint16(60, true);
    const shstrndx = dv.getUint16(62, true);
    dv.setUint16(60, 0, true);
    dv.setUint16(62, 0xffff, true);
    dv.setBigUint64(shoff + 32, BigInt(shnum), true); // section 0 sh_size
    dv.setUint32(shoff + 40, shstrndx, true); // section 0 sh_link
    const elf = await ElfFile.open(new MemorySource('x', bytes));
    expect(elf.sections.map((s) => s.name)).toEqual(['', '.text', '.notes', '.bss', '.shstrtab']);
  });

  it('returns null without a build-id note', async () => {
    const bytes = writeElf({
      sections: [{ name: '.text', type: SHT_PROGBITS, data: new Uint8Array(8) }],
    });
    expect(await (await ElfFile.open(new MemorySource('x', bytes))).buildId()).toBeNull();
  });

  it('rejects garbage and truncated files with the offset', async () => {
    await expect(
      ElfFile.open(new MemorySource('junk', new TextEncoder().encode('hello world'))),
    ).rejects.toThrow('junk, offset 0x0: expected ELF magic 7f 45 4c 46, found 68 65 6c 6c');
    const bytes = sample(true, true);
    await expect(
      ElfFile.open(new MemorySource('short', bytes.subarray(0, 40))),
    ).rejects.toBeInstanceOf(BadDataError);
    // Cut before the section header table (it sits at the end).
    await expect(
      ElfFile.open(new MemorySource('cut', bytes.subarray(0, bytes.length - 10))),
    ).rejects.toThrow(/cut, offset 0x[0-9a-f]+: expected \d+ bytes of 5 section headers/);
    // A section whose sh_size runs past the end of the file.
    const big = bytes.slice();
    const dv = new DataView(big.buffer);
    const shoff = Number(dv.getBigUint64(40, true));
    dv.setBigUint64(shoff + 64 + 32, 0x100000n, true);
    const elf = await ElfFile.open(new MemorySource('v', big));
    await expect(elf.readSection('.text')).rejects.toThrow(
      /v, offset 0x[0-9a-f]+: expected 1048576 bytes of section .text/,
    );
  });
});
