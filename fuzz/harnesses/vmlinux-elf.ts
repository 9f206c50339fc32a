// The vmlinux ELF reader: sniffVmlinux, ElfFile.open (headers, section names), the
// build-id, bounded section reads and the .symtab SymbolSource. Seeds: synthetic ELF
// executables (both classes and byte orders) and the real vmlinux's headers, section
// table, notes and symbol tables when it is in the fixture cache.
import { ElfFile } from '../../src/analysis/debuginfo/elf/elf-file';
import { SHT_NOBITS, SHT_NOTE, SHT_PROGBITS, sniffVmlinux } from '../../src/analysis/debuginfo/elf/elf-header';
import { SymtabSource } from '../../src/analysis/debuginfo/elf/symtab';
import { buildIdNote, writeElf } from '../../src/analysis/debuginfo/test-support/elf-writer';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import { denseInput, sourcesOf, type FuzzInput } from '../core/fuzz-input';
import { tolerate, type Harness, type SeedContext } from '../core/harness';
import { recordSeed } from '../core/record-seed';
import { querySymbols } from './support/query-symbols';

const SECTION_LIMIT = 64 * 1024;
const MAX_SECTIONS = 64;

async function exercise(sources: ByteSource[]): Promise<void> {
  const src = sources[0]!;
  sniffVmlinux(await src.read(0, 64));
  const elf = await ElfFile.open(src);
  await tolerate(() => elf.buildId());
  for (const s of elf.sections.slice(0, MAX_SECTIONS)) await tolerate(() => elf.readSection(s, SECTION_LIMIT));
  const syms = await tolerate(() => SymtabSource.load(elf));
  if (syms) querySymbols(syms);
}

function synthetic(is64: boolean, le: boolean): Uint8Array {
  const id = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
  return writeElf({
    is64,
    littleEndian: le,
    sections: [
      { name: '.text', type: SHT_PROGBITS, addr: 0xffffffff81000000n, flags: 6n, data: Uint8Array.from([0x90, 0x90, 0xc3, 0xcc]) },
      { name: '.notes', type: SHT_NOTE, data: buildIdNote(id, le) },
      { name: '.data..percpu', type: SHT_PROGBITS, addr: 0n, flags: 3n, data: new Uint8Array(64) },
      { name: '.bss', type: SHT_NOBITS, addr: 0xffffffff82000000n, size: 4096 },
    ],
    symbols: [
      { name: 'start_kernel', value: 0xffffffff81000000n, size: 2n },
      { name: '_stext', value: 0xffffffff81000000n, type: 0 },
      { name: 'init_task', value: 0xffffffff82000000n, size: 64n, type: 1, shndx: 4 },
      { name: 'runqueues', value: 0x100n, size: 32n, type: 1, shndx: 3 },
      { name: 'local_fn', value: 0xffffffff81000002n, size: 2n, bind: 0 },
      { name: 'abs', value: 0x10n, shndx: 0xfff1 },
    ],
    segments: [{ type: 1, vaddr: 0xffffffff81000000n, memsz: 0x2000n }],
  });
}

export const harness: Harness = {
  name: 'vmlinux-elf',
  async seeds(ctx: SeedContext): Promise<FuzzInput[]> {
    const out: FuzzInput[] = [];
    for (const is64 of [true, false]) for (const le of [true, false]) out.push(denseInput(`synthetic-elf${is64 ? 64 : 32}-${le ? 'le' : 'be'}`, 'vmlinux', synthetic(is64, le)));
    if (ctx.vmlinux) out.push(await recordSeed('vmlinux', [ctx.vmlinux], exercise));
    return out;
  },
  run: (input) => exercise(sourcesOf(input)),
};
