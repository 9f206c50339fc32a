// Where the DWARF sections lie in the file (from the ELF section headers, through the
// shared debuginfo/elf reader).
import { BadDataError, UnsupportedError } from '../../errors';
import type { ByteSource } from '../../io/byte-source';
import { ElfFile } from '../elf/elf-file';
import { ET_REL, SHT_NOBITS } from '../elf/elf-header';

export type DwarfSectionName =
  | 'info'
  | 'abbrev'
  | 'str'
  | 'line_str'
  | 'str_offsets'
  | 'addr'
  | 'line'
  | 'ranges'
  | 'rnglists'
  | 'loc'
  | 'loclists'
  | 'types'
  | 'aranges';

export interface SectionLocation {
  /** Offset of the section's first byte in the file. */
  fileOffset: number;
  size: number;
}

export interface DwarfSections {
  /** File name for error messages. */
  source: string;
  littleEndian: boolean;
  sections: Partial<Record<DwarfSectionName, SectionLocation>>;
}

const NAMES = new Set<string>([
  'info',
  'abbrev',
  'str',
  'line_str',
  'str_offsets',
  'addr',
  'line',
  'ranges',
  'rnglists',
  'loc',
  'loclists',
  'types',
  'aranges',
]);

/** gABI SHF_COMPRESSED: contents start with an Elf_Chdr (CONFIG_DEBUG_INFO_COMPRESSED). */
const SHF_COMPRESSED = 0x800n;

/** The .debug_* sections of an opened ELF file. */
export function dwarfSections(elf: ElfFile): DwarfSections {
  const src = elf.source;
  // Relocatable objects (.ko) need their .rela.debug_* applied first; vmlinux is ET_EXEC
  // (its --emit-relocs .rela.debug_* sections are already applied).
  if (elf.header.type === ET_REL)
    throw new UnsupportedError(`${src.name}: DWARF of a relocatable object (ET_REL)`);
  const out: DwarfSections = { source: src.name, littleEndian: elf.littleEndian, sections: {} };
  for (const s of elf.sections) {
    if (!s.name.startsWith('.debug_') || s.type === SHT_NOBITS) continue;
    const key = s.name.slice('.debug_'.length);
    if (!NAMES.has(key) || out.sections[key as DwarfSectionName]) continue;
    if (s.flags & SHF_COMPRESSED)
      throw new UnsupportedError(`${src.name}: compressed section ${s.name}`);
    if (s.offset + s.size > src.size) {
      throw new BadDataError(
        src.name,
        s.offset,
        `${s.name} of ${s.size} bytes within the file`,
        `file size ${src.size}`,
      );
    }
    out.sections[key as DwarfSectionName] = { fileOffset: s.offset, size: s.size };
  }
  return out;
}

/** Opens `src` as ELF and returns its .debug_* sections. */
export async function findDwarfSections(src: ByteSource): Promise<DwarfSections> {
  return dwarfSections(await ElfFile.open(src));
}
