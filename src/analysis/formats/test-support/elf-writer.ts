// Small writers of synthetic ELF cores and ELF notes for tests (unit, fuzz, corruption).
// Layouts follow /usr/include/elf.h and the kernel structs named at each writer; they are
// written independently of the decoders (register slots by index, not by name).
import type { PrPsInfo } from '../notes/prpsinfo';

export interface NoteSpec {
  name: string;
  type: number;
  desc: Uint8Array;
}

export interface LoadSpec {
  paddr: bigint;
  /** Defaults to 0 (a QEMU paging=false style PT_LOAD). */
  vaddr?: bigint;
  /** Stored bytes: p_filesz = data.length. */
  data: Uint8Array;
  /** Defaults to data.length; larger = excluded tail (makedumpfile -E). */
  memsz?: bigint;
  /** Overrides p_offset (e.g. to point two PT_LOADs at the same bytes). */
  offset?: number;
}

export interface CoreSpec {
  is64?: boolean;
  littleEndian?: boolean;
  /** e_machine; default 62 (EM_X86_64). */
  machine?: number;
  /** e_type; default 4 (ET_CORE). */
  type?: number;
  flags?: number;
  /** One PT_NOTE per entry, in order. */
  noteSegments?: NoteSpec[][];
  /** Raw bytes used as an extra PT_NOTE segment (to write broken notes). */
  rawNoteSegment?: Uint8Array;
  loads?: LoadSpec[];
  /** Write e_phnum = PN_XNUM and the real count in section header 0's sh_info. */
  pnXnum?: boolean;
}

export interface BuiltCore {
  bytes: Uint8Array;
  phoff: number;
  /** File offset of each PT_NOTE segment. */
  noteOffsets: number[];
  /** File offset of each PT_LOAD's data. */
  loadOffsets: number[];
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** A byte writer with explicit byte order. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  constructor(
    size: number,
    readonly le = true,
  ) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  get bytes(): Uint8Array {
    return this.buf;
  }
  u8(at: number, v: number): this {
    this.view.setUint8(at, v);
    return this;
  }
  u16(at: number, v: number): this {
    this.view.setUint16(at, v, this.le);
    return this;
  }
  u32(at: number, v: number): this {
    this.view.setUint32(at, v >>> 0, this.le);
    return this;
  }
  u64(at: number, v: bigint): this {
    this.view.setBigUint64(at, BigInt.asUintN(64, v), this.le);
    return this;
  }
  word(at: number, v: bigint, size: 4 | 8): this {
    return size === 8 ? this.u64(at, v) : this.u32(at, Number(BigInt.asUintN(32, v)));
  }
  set(at: number, b: Uint8Array): this {
    this.buf.set(b, at);
    return this;
  }
  str(at: number, s: string): this {
    for (let i = 0; i < s.length; i++) this.buf[at + i] = s.charCodeAt(i) & 0xff;
    return this;
  }
}

/** Elf{32,64}_Nhdr + name + desc, each padded to 4 (kernel append_elf_note). */
export function encodeNote(n: NoteSpec, le = true): Uint8Array {
  const namesz = n.name.length + 1;
  const w = new ByteWriter(12 + align(namesz, 4) + align(n.desc.length, 4), le);
  w.u32(0, namesz).u32(4, n.desc.length).u32(8, n.type).str(12, n.name);
  w.set(12 + align(namesz, 4), n.desc);
  return w.bytes;
}

export function encodeNotes(notes: NoteSpec[], le = true): Uint8Array {
  return concat(notes.map((n) => encodeNote(n, le)));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Builds an ELF core: Ehdr, [Shdr 0], Phdrs (PT_NOTEs first), notes, then load data. */
export function buildElfCore(spec: CoreSpec): BuiltCore {
  const is64 = spec.is64 ?? true;
  const le = spec.littleEndian ?? true;
  const noteSegs = (spec.noteSegments ?? []).map((s) => encodeNotes(s, le));
  if (spec.rawNoteSegment) noteSegs.push(spec.rawNoteSegment);
  const loads = spec.loads ?? [];
  const ehsize = is64 ? 64 : 52;
  const shsize = is64 ? 64 : 40;
  const phentsize = is64 ? 56 : 32;
  const phnum = noteSegs.length + loads.length;
  const shoff = spec.pnXnum ? ehsize : 0;
  const phoff = ehsize + (spec.pnXnum ? shsize : 0);
  let pos = phoff + phnum * phentsize;
  const noteOffsets = noteSegs.map((s) => {
    const at = align(pos, 4);
    pos = at + s.length;
    return at;
  });
  const loadOffsets = loads.map((l) => {
    const at = align(pos, 16);
    pos = at + l.data.length;
    return at;
  });
  const w = new ByteWriter(pos, le);
  w.set(0, Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1));
  w.u16(16, spec.type ?? 4)
    .u16(18, spec.machine ?? 62)
    .u32(20, 1);
  const e_phnum = spec.pnXnum ? 0xffff : phnum;
  if (is64) {
    w.u64(32, BigInt(phnum ? phoff : 0))
      .u64(40, BigInt(shoff))
      .u32(48, spec.flags ?? 0);
    w.u16(52, ehsize)
      .u16(54, phentsize)
      .u16(56, e_phnum)
      .u16(58, spec.pnXnum ? shsize : 0)
      .u16(60, spec.pnXnum ? 1 : 0);
    if (spec.pnXnum) w.u32(shoff + 44, phnum);
  } else {
    w.u32(28, phnum ? phoff : 0)
      .u32(32, shoff)
      .u32(36, spec.flags ?? 0);
    w.u16(40, ehsize)
      .u16(42, phentsize)
      .u16(44, e_phnum)
      .u16(46, spec.pnXnum ? shsize : 0)
      .u16(48, spec.pnXnum ? 1 : 0);
    if (spec.pnXnum) w.u32(shoff + 28, phnum);
  }
  let ph = phoff;
  const phdr = (
    type: number,
    offset: number,
    vaddr: bigint,
    paddr: bigint,
    filesz: bigint,
    memsz: bigint,
  ) => {
    if (is64) {
      w.u32(ph, type)
        .u32(ph + 4, 7)
        .u64(ph + 8, BigInt(offset))
        .u64(ph + 16, vaddr)
        .u64(ph + 24, paddr);
      w.u64(ph + 32, filesz)
        .u64(ph + 40, memsz)
        .u64(ph + 48, 0n);
    } else {
      w.u32(ph, type)
        .u32(ph + 4, offset)
        .u32(ph + 8, Number(vaddr))
        .u32(ph + 12, Number(paddr));
      w.u32(ph + 16, Number(filesz))
        .u32(ph + 20, Number(memsz))
        .u32(ph + 24, 7)
        .u32(ph + 28, 0);
    }
    ph += phentsize;
  };
  noteSegs.forEach((s, i) => {
    phdr(4, noteOffsets[i]!, 0n, 0n, BigInt(s.length), BigInt(s.length));
    w.set(noteOffsets[i]!, s);
  });
  loads.forEach((l, i) => {
    const filesz = BigInt(l.data.length);
    phdr(1, l.offset ?? loadOffsets[i]!, l.vaddr ?? 0n, l.paddr, filesz, l.memsz ?? filesz);
    w.set(loadOffsets[i]!, l.data);
  });
  return { bytes: w.bytes, phoff, noteOffsets, loadOffsets };
}

/**
 * struct elf_prstatus with pr_pid and pr_reg filled (include/linux/elfcore.h).
 * LP64: pr_pid @32, pr_reg @112; ILP32 (i386): pr_pid @24, pr_reg @72.
 * `regs` are the elf_gregset_t slots in order; `fpvalid` follows them (padded to the word size).
 */
export function prstatusDesc(pid: number, regs: bigint[], wordSize: 4 | 8, le = true): Uint8Array {
  const regOff = wordSize === 8 ? 112 : 72;
  const size = align(regOff + regs.length * wordSize + 4, wordSize);
  const w = new ByteWriter(size, le);
  w.u32(wordSize === 8 ? 32 : 24, pid);
  regs.forEach((v, i) => w.word(regOff + i * wordSize, v, wordSize));
  return w.bytes;
}

/** x86_64: 27 slots of user_regs_struct; slot i gets `base + i` unless given. */
export function slots(count: number, base: bigint, given: Record<number, bigint> = {}): bigint[] {
  return Array.from({ length: count }, (_, i) => given[i] ?? base + BigInt(i));
}

export interface QemuStateSpec {
  /** rax rbx rcx rdx rsi rdi rsp rbp r8..r15 rip rflags (18). */
  gprs: bigint[];
  /** cs ds es fs gs ss ldt tr gdt idt (10): selector, limit, flags, base. */
  segments: { selector: number; limit: number; flags: number; base: bigint }[];
  cr: bigint[];
  kernelGsBase?: bigint;
}

/** QEMUCPUState (qemu target/i386/arch_dump.c); size 440 with kernel_gs_base, 432 without. */
export function qemuCpuStateDesc(s: QemuStateSpec, le = true): Uint8Array {
  const size = s.kernelGsBase === undefined ? 432 : 440;
  const w = new ByteWriter(size, le);
  w.u32(0, 1).u32(4, size);
  s.gprs.forEach((v, i) => w.u64(8 + i * 8, v));
  s.segments.forEach((seg, i) => {
    const at = 152 + i * 24;
    w.u32(at, seg.selector)
      .u32(at + 4, seg.limit)
      .u32(at + 8, seg.flags)
      .u64(at + 16, seg.base);
  });
  s.cr.forEach((v, i) => w.u64(392 + i * 8, v));
  if (s.kernelGsBase !== undefined) w.u64(432, s.kernelGsBase);
  return w.bytes;
}

export type PrpsinfoSpec = Omit<PrPsInfo, 'zomb'>;

/** struct elf_prpsinfo: LP64 136 bytes (uid/gid u32), i386 124 bytes (uid/gid u16). */
export function prpsinfoDesc(p: PrpsinfoSpec, is64: boolean, le = true): Uint8Array {
  const w = new ByteWriter(is64 ? 136 : 124, le);
  w.u8(0, p.state)
    .u8(1, p.sname.charCodeAt(0))
    .u8(2, 0)
    .u8(3, p.nice & 0xff);
  let at: number;
  if (is64) {
    w.u64(8, p.flag).u32(16, p.uid).u32(20, p.gid);
    at = 24;
  } else {
    w.u32(4, Number(p.flag)).u16(8, p.uid).u16(10, p.gid);
    at = 12;
  }
  w.u32(at, p.pid)
    .u32(at + 4, p.ppid)
    .u32(at + 8, p.pgrp)
    .u32(at + 12, p.sid);
  w.str(at + 16, p.fname.slice(0, 15)).str(at + 32, p.psargs.slice(0, 79));
  return w.bytes;
}

export function textDesc(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

/** Bytes whose value at offset i is a function of (seed, i), to check what a read returns. */
export function pattern(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + seed * 31 + (i >> 8)) & 0xff);
}
