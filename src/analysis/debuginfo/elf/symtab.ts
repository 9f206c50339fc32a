// The vmlinux symbol table (.symtab + .strtab, ~3 MB each for a distribution kernel) as
// a SymbolSource in link-time addresses. Entry layouts: /usr/include/elf.h Elf64_Sym
// {u32 st_name; u8 st_info; u8 st_other; u16 st_shndx; u64 st_value; u64 st_size} and
// Elf32_Sym {u32 st_name; u32 st_value; u32 st_size; u8 st_info; u8 st_other; u16 st_shndx}.
import { Cursor } from '../../binary/cursor';
import { MissingDebugInfoError, type Warning } from '../../errors';
import {
  BIND_GLOBAL,
  BIND_LOCAL,
  BIND_WEAK,
  SYM_ABSOLUTE,
  SYM_FUNCTION,
  SYM_OBJECT,
  SYM_OTHER,
  SymbolTable,
  TableSymbolSource,
} from '../symbol-table';
import type { ElfFile, ElfSection, ElfSegment } from './elf-file';
import { PT_LOAD, SHN_ABS, SHN_LORESERVE, SHN_UNDEF, SHT_STRTAB } from './elf-header';

const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_SECTION = 3;
const STT_FILE = 4;
const STT_TLS = 6;
const STT_GNU_IFUNC = 10;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const STB_GNU_UNIQUE = 10;
/** SHF_ALLOC: the section occupies memory at run time. */
const SHF_ALLOC = 2n;

export interface SymtabLayout {
  source: string;
  /** File offset of the table, for messages. */
  offset: number;
  is64: boolean;
  littleEndian: boolean;
  /** Section headers, to tell per-CPU and absolute symbols (optional for tests). */
  sections?: readonly ElfSection[];
  segments?: readonly ElfSegment[];
}

export class SymtabSource extends TableSymbolSource {
  readonly kind = 'symtab' as const;
  readonly runtime = false;

  constructor(
    table: SymbolTable,
    readonly warnings: Warning[] = [],
  ) {
    super(table);
  }

  /** Reads .symtab and the string table it links to (sh_link) from a vmlinux. */
  static async load(elf: ElfFile): Promise<SymtabSource> {
    const symtab = elf.section('.symtab');
    if (!symtab) throw new MissingDebugInfoError(`${elf.source.name} has no .symtab (stripped?)`);
    const strtab = elf.sections[symtab.link];
    if (!strtab || strtab.type !== SHT_STRTAB) {
      throw new MissingDebugInfoError(
        `${elf.source.name}: .symtab links to section ${symtab.link}, not a string table`,
      );
    }
    const [symBytes, strBytes] = await Promise.all([
      elf.readSection(symtab),
      elf.readSection(strtab),
    ]);
    return SymtabSource.fromBytes(symBytes, strBytes, {
      source: elf.source.name,
      offset: symtab.offset,
      is64: elf.is64,
      littleEndian: elf.littleEndian,
      sections: elf.sections,
      segments: elf.segments,
    });
  }

  static fromBytes(symtab: Uint8Array, strtab: Uint8Array, layout: SymtabLayout): SymtabSource {
    const entSize = layout.is64 ? 24 : 16;
    const warnings: Warning[] = [];
    if (symtab.length % entSize !== 0) {
      warnings.push({
        code: 'SYMTAB_TRAILING',
        message: `${layout.source}: .symtab size ${symtab.length} is not a multiple of ${entSize}; last partial entry ignored`,
      });
    }
    const total = Math.floor(symtab.length / entSize);
    const addresses = new BigUint64Array(total);
    const sizes = new BigUint64Array(total);
    const nameOffsets = new Uint32Array(total);
    const attrs = new Uint8Array(total);
    const c = new Cursor(symtab, layout.source, layout.offset, layout.littleEndian);
    let n = 0;
    let badNames = 0;
    // Entry 0 is the reserved null symbol.
    for (let i = 1; i < total; i++) {
      c.seek(i * entSize);
      const name = c.u32('st_name');
      let info: number, shndx: number, value: bigint, size: bigint;
      if (layout.is64) {
        info = c.u8('st_info');
        c.u8('st_other');
        shndx = c.u16('st_shndx');
        value = c.u64('st_value');
        size = c.u64('st_size');
      } else {
        value = BigInt(c.u32('st_value'));
        size = BigInt(c.u32('st_size'));
        info = c.u8('st_info');
        c.u8('st_other');
        shndx = c.u16('st_shndx');
      }
      const type = info & 0xf;
      if (type === STT_SECTION || type === STT_FILE || shndx === SHN_UNDEF || name === 0) continue;
      if (name >= strtab.length) {
        badNames++;
        continue;
      }
      const bind = info >> 4;
      addresses[n] = value;
      sizes[n] = size;
      nameOffsets[n] = name;
      attrs[n] =
        (type === STT_FUNC || type === STT_GNU_IFUNC
          ? SYM_FUNCTION
          : type === STT_OBJECT || type === STT_TLS
            ? SYM_OBJECT
            : SYM_OTHER) |
        (bind === STB_GLOBAL || bind === STB_GNU_UNIQUE
          ? BIND_GLOBAL
          : bind === STB_WEAK
            ? BIND_WEAK
            : BIND_LOCAL) |
        (isAbsolute(shndx, value, layout) ? SYM_ABSOLUTE : 0);
      n++;
    }
    if (badNames > 0) {
      warnings.push({
        code: 'SYMTAB_BAD_NAME',
        message: `${layout.source}: ${badNames} symbols name offsets beyond .strtab; skipped`,
      });
    }
    const table = new SymbolTable({
      count: n,
      addresses: addresses.subarray(0, n),
      sizes: sizes.subarray(0, n),
      nameOffsets: nameOffsets.subarray(0, n),
      strings: strtab,
      attrs: attrs.subarray(0, n),
    });
    return new SymtabSource(table, warnings);
  }
}

/**
 * Values KASLR does not move: symbols of an allocated section linked at address 0 (the
 * x86_64 SMP per-CPU section `.data..percpu`, arch/x86/kernel/vmlinux.lds.S PERCPU_VADDR)
 * and SHN_ABS values below the image (assembler constants; an SHN_ABS value at or above
 * the lowest nonzero PT_LOAD address, like `init_per_cpu__gdt_page`, is an image address).
 */
function isAbsolute(shndx: number, value: bigint, layout: SymtabLayout): boolean {
  if (shndx === SHN_ABS) {
    let low: bigint | undefined;
    for (const p of layout.segments ?? [])
      if (p.type === PT_LOAD && p.vaddr !== 0n && (low === undefined || p.vaddr < low))
        low = p.vaddr;
    return low === undefined || value < low;
  }
  if (shndx >= SHN_LORESERVE) return false;
  const s = layout.sections?.[shndx];
  return s !== undefined && (s.flags & SHF_ALLOC) !== 0n && s.addr === 0n;
}
