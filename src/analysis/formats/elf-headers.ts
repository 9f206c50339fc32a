// ELF file header and program header table of a core file (ELF32 or ELF64, either byte
// order). Only the fields a vmcore reader needs; layouts from /usr/include/elf.h
// (Elf64_Ehdr/Elf32_Ehdr, Elf64_Phdr/Elf32_Phdr, Elf64_Shdr/Elf32_Shdr).
import { Cursor } from '../binary/cursor';
import { BadDataError } from '../errors';
import { readExact, type ByteSource } from '../io/byte-source';

export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46]; // "\177ELF"
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const ET_CORE = 4;
export const EM_386 = 3;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const PT_LOAD = 1;
export const PT_NOTE = 4;
/** e_phnum value meaning "the real count is in section header 0's sh_info" (PN_XNUM). */
export const PN_XNUM = 0xffff;
/** makedumpfile sets e_flags bit 0 when it ran out of space (DUMP_ELF_INCOMPLETE). */
export const DUMP_ELF_INCOMPLETE = 0x1;

const EHDR64_SIZE = 64;
const EHDR32_SIZE = 52;
const PHDR64_SIZE = 56;
const PHDR32_SIZE = 32;
const SHDR64_SIZE = 64;
const SHDR32_SIZE = 40;
/** Upper bound on program headers we accept (makedumpfile -E of a huge, fragmented machine stays far below). */
const MAX_PHDRS = 1 << 20;

export interface ElfHeader {
  is64: boolean;
  littleEndian: boolean;
  type: number;
  machine: number;
  flags: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

export interface ProgramHeader {
  /** Index in the program header table, for messages. */
  index: number;
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
  /** File offset of this program header, for messages. */
  at: number;
}

/** True when `head` starts with the ELF magic and a valid class byte. */
export function isElfMagic(head: Uint8Array): boolean {
  return (
    head.length >= 5 &&
    ELFMAG.every((b, i) => head[i] === b) &&
    (head[4] === ELFCLASS32 || head[4] === ELFCLASS64)
  );
}

/** Reads and checks the ELF header (e_ident, e_type = ET_CORE, program header geometry). */
export async function readElfHeader(src: ByteSource): Promise<ElfHeader> {
  const ident = await readExact(src, 0, 16, 'ELF identification (e_ident)');
  if (!ELFMAG.every((b, i) => ident[i] === b)) {
    throw new BadDataError(src.name, 0, 'ELF magic 7f 45 4c 46', hexBytes(ident.subarray(0, 4)));
  }
  const cls = ident[4]!;
  if (cls !== ELFCLASS32 && cls !== ELFCLASS64) {
    throw new BadDataError(src.name, 4, 'EI_CLASS 1 (ELF32) or 2 (ELF64)', String(cls));
  }
  const data = ident[5]!;
  if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) {
    throw new BadDataError(
      src.name,
      5,
      'EI_DATA 1 (little endian) or 2 (big endian)',
      String(data),
    );
  }
  const is64 = cls === ELFCLASS64;
  const littleEndian = data === ELFDATA2LSB;
  const size = is64 ? EHDR64_SIZE : EHDR32_SIZE;
  const c = new Cursor(await readExact(src, 0, size, 'ELF header'), src.name, 0, littleEndian);
  c.seek(16);
  const type = c.u16('e_type');
  if (type !== ET_CORE) c.fail('e_type ET_CORE (4): an ELF core file', String(type), 16);
  const machine = c.u16('e_machine');
  c.u32('e_version');
  let phoff: number;
  let shoff: number;
  if (is64) {
    c.u64('e_entry');
    phoff = c.u64n('e_phoff');
    shoff = c.u64n('e_shoff');
  } else {
    c.u32('e_entry');
    phoff = c.u32('e_phoff');
    shoff = c.u32('e_shoff');
  }
  const flags = c.u32('e_flags');
  // e_ehsize is not checked: QEMU 7.2 writes 8 there.
  c.u16('e_ehsize');
  const phentAt = c.pos;
  const phentsize = c.u16('e_phentsize');
  let phnum = c.u16('e_phnum');
  const shentsize = c.u16('e_shentsize');
  const minPhent = is64 ? PHDR64_SIZE : PHDR32_SIZE;
  if (phnum > 0 && phentsize < minPhent) {
    c.fail(`e_phentsize >= ${minPhent}`, String(phentsize), phentAt);
  }
  if (phnum === PN_XNUM) phnum = await realPhnum(src, is64, littleEndian, shoff, shentsize);
  if (phnum > MAX_PHDRS) {
    throw new BadDataError(
      src.name,
      phentAt + 2,
      `at most ${MAX_PHDRS} program headers`,
      String(phnum),
    );
  }
  return { is64, littleEndian, type, machine, flags, phoff, phentsize, phnum };
}

/** PN_XNUM: the program header count lives in section header 0's sh_info (QEMU dump.c write_elf_section). */
async function realPhnum(
  src: ByteSource,
  is64: boolean,
  le: boolean,
  shoff: number,
  shentsize: number,
): Promise<number> {
  const size = is64 ? SHDR64_SIZE : SHDR32_SIZE;
  if (shoff === 0 || shentsize < size) {
    throw new BadDataError(
      src.name,
      shoff,
      'section header 0 holding the program header count (e_phnum = PN_XNUM)',
      `e_shoff=${shoff} e_shentsize=${shentsize}`,
    );
  }
  const c = new Cursor(await readExact(src, shoff, size, 'section header 0'), src.name, shoff, le);
  return c.seek(is64 ? 44 : 28).u32('sh_info (program header count)');
}

/** Reads the whole program header table (bounded: checked against the file size first). */
export async function readProgramHeaders(src: ByteSource, h: ElfHeader): Promise<ProgramHeader[]> {
  if (h.phnum === 0) return [];
  const total = h.phnum * h.phentsize;
  // A corrupt e_phentsize (up to 65535) must not make the table gigabytes long.
  const maxTotal = MAX_PHDRS * (h.is64 ? PHDR64_SIZE : PHDR32_SIZE);
  if (total > maxTotal) {
    throw new BadDataError(src.name, h.phoff, `at most ${maxTotal} bytes of program headers`, `${h.phnum} × e_phentsize ${h.phentsize}`);
  }
  if (h.phoff + total > src.size) {
    throw new BadDataError(
      src.name,
      h.phoff,
      `${h.phnum} program headers (${total} bytes)`,
      `only ${Math.max(0, src.size - h.phoff)} bytes before the end of the file (size ${src.size})`,
    );
  }
  const c = new Cursor(
    await readExact(src, h.phoff, total, 'program header table'),
    src.name,
    h.phoff,
    h.littleEndian,
  );
  const out: ProgramHeader[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const at = i * h.phentsize;
    c.seek(at);
    const type = c.u32('p_type');
    let flags: number;
    let offset: number;
    let vaddr: bigint;
    let paddr: bigint;
    let filesz: bigint;
    let memsz: bigint;
    let align: bigint;
    if (h.is64) {
      flags = c.u32('p_flags');
      offset = c.u64n('p_offset');
      vaddr = c.u64('p_vaddr');
      paddr = c.u64('p_paddr');
      filesz = c.u64('p_filesz');
      memsz = c.u64('p_memsz');
      align = c.u64('p_align');
    } else {
      // Elf32_Phdr has p_flags after p_memsz.
      offset = c.u32('p_offset');
      vaddr = BigInt(c.u32('p_vaddr'));
      paddr = BigInt(c.u32('p_paddr'));
      filesz = BigInt(c.u32('p_filesz'));
      memsz = BigInt(c.u32('p_memsz'));
      flags = c.u32('p_flags');
      align = BigInt(c.u32('p_align'));
    }
    out.push({
      index: i,
      type,
      flags,
      offset,
      vaddr,
      paddr,
      filesz,
      memsz,
      align,
      at: h.phoff + at,
    });
  }
  return out;
}

function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
