// A streaming reader of an ELF executable (the debug vmlinux: ~600 MB, almost all of it
// DWARF). Opening reads the ELF header, the section header table and .shstrtab only;
// section contents are fetched one at a time on request, with a size bound.
// Layouts: /usr/include/elf.h Elf64_Shdr / Elf32_Shdr, Elf64_Phdr / Elf32_Phdr.
import { Cursor, cString } from '../../binary/cursor';
import { BadDataError, LookupError } from '../../errors';
import { readExact, type ByteSource } from '../../io/byte-source';
import { readProgramHeaders, type ProgramHeader } from '../../formats/elf-headers';
import { parseNotes } from '../../formats/notes/parse-notes';
import {
  EHDR_SIZE,
  PHDR_SIZE,
  PN_XNUM,
  PT_NOTE,
  SHDR_SIZE,
  SHN_XINDEX,
  SHT_NOBITS,
  SHT_NOTE,
  parseElfHeader,
  type ElfHeader,
} from './elf-header';

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: bigint;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: bigint;
  entsize: number;
}

/** A program header (shared with the vmcore reader). */
export type ElfSegment = ProgramHeader;

/** Default bound of readSection: .symtab/.strtab/.BTF of a distribution kernel are a few MB. */
export const DEFAULT_SECTION_LIMIT = 64 * 1024 * 1024;
/** More section or program headers than this is corrupt data, not an ELF file. */
const MAX_HEADERS = 1 << 16;

/** NT_GNU_BUILD_ID note of owner "GNU" (binutils include/elf/common.h). */
const NT_GNU_BUILD_ID = 3;

export class ElfFile {
  private readonly byName = new Map<string, ElfSection>();

  private constructor(
    readonly source: ByteSource,
    readonly header: ElfHeader,
    readonly sections: readonly ElfSection[],
    readonly segments: readonly ElfSegment[],
  ) {
    // The first section of a name wins (names are unique in a linked vmlinux).
    for (const s of sections) if (!this.byName.has(s.name)) this.byName.set(s.name, s);
  }

  static async open(source: ByteSource): Promise<ElfFile> {
    const head = await source.read(0, EHDR_SIZE[64]);
    const h = parseElfHeader(head, source.name);
    const bits = h.is64 ? 64 : 32;
    const sections = await readSectionHeaders(source, h, SHDR_SIZE[bits]);
    let phnum = h.phnum;
    if (phnum === PN_XNUM && sections[0]) phnum = sections[0].info;
    if (phnum > 0 && h.phentsize < PHDR_SIZE[bits]) {
      throw new BadDataError(
        source.name,
        h.is64 ? 54 : 42,
        `e_phentsize >= ${PHDR_SIZE[bits]}`,
        String(h.phentsize),
      );
    }
    const segments =
      h.phoff === 0 ? [] : await readProgramHeaders(source, { ...h, flags: 0, phnum });
    return new ElfFile(source, h, sections, segments);
  }

  get is64(): boolean {
    return this.header.is64;
  }

  get littleEndian(): boolean {
    return this.header.littleEndian;
  }

  section(name: string): ElfSection | undefined {
    return this.byName.get(name);
  }

  /** Contents of a section (by name or header). NOBITS sections read as zero bytes. */
  async readSection(
    which: string | ElfSection,
    limit = DEFAULT_SECTION_LIMIT,
  ): Promise<Uint8Array> {
    const s = typeof which === 'string' ? this.byName.get(which) : which;
    if (!s)
      throw new LookupError(
        `${this.source.name}: no section ${typeof which === 'string' ? which : which.name}`,
      );
    if (s.type === SHT_NOBITS) return new Uint8Array(0);
    if (s.size > limit) {
      throw new BadDataError(
        this.source.name,
        s.offset,
        `section ${s.name} of at most ${limit} bytes`,
        `${s.size} bytes`,
      );
    }
    return readExact(this.source, s.offset, s.size, `section ${s.name}`);
  }

  /**
   * The GNU build-id as lowercase hex: the NT_GNU_BUILD_ID note of owner "GNU", looked for
   * in every SHT_NOTE section (a vmlinux keeps it in `.notes`, other files in
   * `.note.gnu.build-id`), then in PT_NOTE segments. null when there is none.
   */
  async buildId(): Promise<string | null> {
    const areas: { offset: number; size: number }[] = [
      ...this.sections.filter((s) => s.type === SHT_NOTE),
      ...this.segments
        .filter((p) => p.type === PT_NOTE)
        .map((p) => ({ offset: p.offset, size: Number(p.filesz) })),
    ];
    for (const a of areas) {
      if (a.size === 0 || a.size > 1 << 20) continue;
      const bytes = await this.source.read(a.offset, a.size);
      const { notes } = parseNotes(bytes, this.source.name, a.offset, this.littleEndian);
      const n = notes.find((x) => x.name === 'GNU' && x.type === NT_GNU_BUILD_ID);
      if (n && n.desc.length > 0)
        return Array.from(n.desc, (b) => b.toString(16).padStart(2, '0')).join('');
    }
    return null;
  }
}

async function readSectionHeaders(
  src: ByteSource,
  h: ElfHeader,
  entSize: number,
): Promise<ElfSection[]> {
  if (h.shoff === 0) return [];
  if (h.shentsize < entSize) {
    throw new BadDataError(
      src.name,
      h.is64 ? 58 : 46,
      `e_shentsize >= ${entSize}`,
      String(h.shentsize),
    );
  }
  const first = parseShdr(
    new Cursor(
      await readExact(src, h.shoff, entSize, 'section header 0'),
      src.name,
      h.shoff,
      h.littleEndian,
    ),
    h,
    0,
  );
  // Extended numbering: e_shnum = 0 → count in sh_size; e_shstrndx = SHN_XINDEX → in sh_link.
  const shnum = h.shnum === 0 ? first.size : h.shnum;
  const shstrndx = h.shstrndx === SHN_XINDEX ? first.link : h.shstrndx;
  if (shnum > MAX_HEADERS) {
    throw new BadDataError(
      src.name,
      h.shoff,
      `at most ${MAX_HEADERS} section headers`,
      String(shnum),
    );
  }
  // Bound the table before reading it: a corrupt e_shentsize × e_shnum reaches 4 GiB.
  const tableBytes = shnum * h.shentsize;
  if (tableBytes > MAX_HEADERS * entSize) {
    throw new BadDataError(
      src.name,
      h.shoff,
      `at most ${MAX_HEADERS * entSize} bytes of section headers`,
      `${shnum} × e_shentsize ${h.shentsize}`,
    );
  }
  const table = await readExact(src, h.shoff, tableBytes, `${shnum} section headers`);
  const c = new Cursor(table, src.name, h.shoff, h.littleEndian);
  const out: (ElfSection & { nameOffset: number })[] = [];
  for (let i = 0; i < shnum; i++) out.push(parseShdr(c.seek(i * h.shentsize), h, i));
  const strtab = out[shstrndx];
  if (strtab && shstrndx !== 0 && strtab.type !== SHT_NOBITS && strtab.size <= 1 << 24) {
    const names = await readExact(
      src,
      strtab.offset,
      strtab.size,
      'section name table (.shstrtab)',
    );
    for (const s of out)
      s.name = s.nameOffset < names.length ? cString(names.subarray(s.nameOffset)) : '';
  }
  return out.map(({ nameOffset: _, ...s }) => s);
}

function parseShdr(c: Cursor, h: ElfHeader, index: number): ElfSection & { nameOffset: number } {
  const nameOffset = c.u32('sh_name');
  const type = c.u32('sh_type');
  const w = h.is64 ? 8 : 4;
  const flags = c.word(w, 'sh_flags');
  const addr = c.word(w, 'sh_addr');
  const offset = h.is64 ? c.u64n('sh_offset') : c.u32('sh_offset');
  const size = h.is64 ? c.u64n('sh_size') : c.u32('sh_size');
  const link = c.u32('sh_link');
  const info = c.u32('sh_info');
  const addralign = c.word(w, 'sh_addralign');
  const entsize = h.is64 ? c.u64n('sh_entsize') : c.u32('sh_entsize');
  return {
    index,
    name: '',
    nameOffset,
    type,
    flags,
    addr,
    offset,
    size,
    link,
    info,
    addralign,
    entsize,
  };
}
