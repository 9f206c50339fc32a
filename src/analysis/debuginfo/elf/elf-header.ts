// The ELF file header of an executable (vmlinux, or any ELF32/ELF64 object), either byte
// order. Layouts: /usr/include/elf.h Elf64_Ehdr / Elf32_Ehdr; extended numbering
// (e_shnum = 0, e_shstrndx = SHN_XINDEX, e_phnum = PN_XNUM) from the System V gABI.
import { Cursor } from '../../binary/cursor';
import { BadDataError } from '../../errors';

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_XINDEX = 0xffff;
export const PN_XNUM = 0xffff;

export const PT_LOAD = 1;
export const PT_NOTE = 4;

export interface ElfHeader {
  is64: boolean;
  littleEndian: boolean;
  /** e_type: ET_EXEC, ET_DYN, … */
  type: number;
  machine: number;
  entry: bigint;
  phoff: number;
  phentsize: number;
  /** PN_XNUM when the real count is in section header 0 (resolved by ElfFile). */
  phnum: number;
  shoff: number;
  shentsize: number;
  /** 0 may mean "count in section header 0's sh_size" (resolved by ElfFile). */
  shnum: number;
  shstrndx: number;
}

export const EHDR_SIZE = { 32: 52, 64: 64 } as const;
export const SHDR_SIZE = { 32: 40, 64: 64 } as const;
export const PHDR_SIZE = { 32: 32, 64: 56 } as const;

/** True for an ELF executable or shared object (a vmlinux); a vmcore is ET_CORE. */
export function sniffVmlinux(head: Uint8Array): boolean {
  if (
    head.length < 18 ||
    head[0] !== 0x7f ||
    head[1] !== 0x45 ||
    head[2] !== 0x4c ||
    head[3] !== 0x46
  ) {
    return false;
  }
  if (head[4] !== 1 && head[4] !== 2) return false;
  if (head[5] !== 1 && head[5] !== 2) return false;
  const type = head[5] === 1 ? head[16]! | (head[17]! << 8) : (head[16]! << 8) | head[17]!;
  return type === ET_EXEC || type === ET_DYN;
}

/** Parses e_ident and the ELF header from the first bytes of `source` (at least 64, or 52 for ELF32). */
export function parseElfHeader(head: Uint8Array, source: string): ElfHeader {
  if (
    head.length < 16 ||
    head[0] !== 0x7f ||
    head[1] !== 0x45 ||
    head[2] !== 0x4c ||
    head[3] !== 0x46
  ) {
    throw new BadDataError(source, 0, 'ELF magic 7f 45 4c 46', describe(head.subarray(0, 4)));
  }
  const cls = head[4];
  if (cls !== 1 && cls !== 2)
    throw new BadDataError(source, 4, 'EI_CLASS 1 (ELF32) or 2 (ELF64)', String(cls));
  const data = head[5];
  if (data !== 1 && data !== 2)
    throw new BadDataError(source, 5, 'EI_DATA 1 (LSB) or 2 (MSB)', String(data));
  const is64 = cls === 2;
  const c = new Cursor(head, source, 0, data === 1);
  c.need(EHDR_SIZE[is64 ? 64 : 32], 'ELF header', 0);
  c.seek(16);
  const type = c.u16('e_type');
  const machine = c.u16('e_machine');
  c.u32('e_version');
  const entry = c.word(is64 ? 8 : 4, 'e_entry');
  const phoff = is64 ? c.u64n('e_phoff') : c.u32('e_phoff');
  const shoff = is64 ? c.u64n('e_shoff') : c.u32('e_shoff');
  c.u32('e_flags');
  c.u16('e_ehsize');
  const phentsize = c.u16('e_phentsize');
  const phnum = c.u16('e_phnum');
  const shentsize = c.u16('e_shentsize');
  const shnum = c.u16('e_shnum');
  const shstrndx = c.u16('e_shstrndx');
  return {
    is64,
    littleEndian: data === 1,
    type,
    machine,
    entry,
    phoff,
    phentsize,
    phnum,
    shoff,
    shentsize,
    shnum,
    shstrndx,
  };
}

function describe(b: Uint8Array): string {
  return b.length === 0
    ? 'an empty file'
    : Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
