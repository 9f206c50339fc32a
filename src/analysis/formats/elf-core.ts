// ELF vmcores: /proc/vmcore copies (kexec-tools or kexec_file headers, fs/proc/vmcore.c),
// makedumpfile -E output and QEMU dump-guest-memory (ELF32 or ELF64, either byte order).
// Opening reads the ELF header, the program header table and the PT_NOTE segments only;
// physical reads go through a sorted piece index (elf-segments.ts).
import { CancelledError, FaultError, type Warning } from '../errors';
import { readExact, type ByteSource } from '../io/byte-source';
import type {
  Arch,
  DumpHeaderFacts,
  DumpImage,
  OpenOptions,
  PageState,
  PhysRange,
  Producer,
  VirtualSegment,
} from './dump-image';
import {
  DUMP_ELF_INCOMPLETE,
  ELFDATA2MSB,
  EM_386,
  EM_AARCH64,
  EM_X86_64,
  ET_CORE,
  isElfMagic,
  PT_LOAD,
  PT_NOTE,
  readElfHeader,
  readProgramHeaders,
  type ProgramHeader,
} from './elf-headers';
import { buildPhysIndex, type PhysIndex } from './elf-segments';
import { NT_PRSTATUS, type ElfNote } from './notes/elf-note';
import { parseNotes } from './notes/parse-notes';
import { findVmcoreInfo } from './notes/vmcoreinfo';

/** Largest PT_NOTE segment we read (a QEMU dump of 1024 vCPUs needs under 1 MiB). */
const MAX_NOTE_BYTES = 64 * 1024 * 1024;
const DEFAULT_PAGE_SIZE = 4096;

/** True for an ELF core file (magic, class 32/64, e_type ET_CORE in the header's byte order). */
export function sniffElf(head: Uint8Array): boolean {
  if (!isElfMagic(head) || head.length < 18) return false;
  const type =
    head[5] === ELFDATA2MSB ? (head[16]! << 8) | head[17]! : head[16]! | (head[17]! << 8);
  return type === ET_CORE;
}

export async function openElfCore(src: ByteSource, opts: OpenOptions = {}): Promise<DumpImage> {
  const checkAbort = () => {
    if (opts.signal?.aborted) throw new CancelledError();
  };
  const warnings: Warning[] = [];
  const h = await readElfHeader(src);
  checkAbort();
  const phdrs = await readProgramHeaders(src, h);
  checkAbort();

  const notes: ElfNote[] = [];
  for (const ph of phdrs) {
    if (ph.type !== PT_NOTE) continue;
    for (const n of await readNoteSegment(src, ph, h.littleEndian, warnings)) notes.push(n);
    checkAbort();
  }

  const producer: Producer = notes.some((n) => n.name === 'QEMU') ? 'qemu' : 'kernel';
  const pageSize = pageSizeOf(notes, src.name, warnings);
  const loads = phdrs.filter((p) => p.type === PT_LOAD);
  if (loads.length === 0) {
    warnings.push({
      code: 'ELF_NO_LOAD',
      message: `${src.name}: the ELF core has no PT_LOAD segment among its ${phdrs.length} program headers at offset 0x${h.phoff.toString(16)}, so no memory`,
    });
  }
  const index = buildPhysIndex(loads, src.size, pageSize, src.name, warnings);
  if (index.pieces.some((p) => p.kind === 'incomplete')) {
    warnings.push({
      code: 'ELF_TRUNCATED',
      message: `${src.name}: PT_LOAD data runs past the end of the file (size ${src.size}); the missing memory reads as incomplete`,
    });
  }
  const incomplete = producer === 'kernel' && (h.flags & DUMP_ELF_INCOMPLETE) !== 0;
  if (incomplete) {
    warnings.push({
      code: 'ELF_INCOMPLETE',
      message: `${src.name}: makedumpfile marked this dump incomplete (e_flags DUMP_ELF_INCOMPLETE at offset 0x${(h.is64 ? 48 : 36).toString(16)}): it ran out of space while writing`,
    });
  }
  const arch = archOf(h.machine);
  if (arch === 'unknown') {
    warnings.push({
      code: 'ELF_UNKNOWN_MACHINE',
      message: `${src.name}, offset 0x12: unsupported e_machine ${h.machine}; registers cannot be decoded`,
    });
  }
  const facts: DumpHeaderFacts = {
    elfClass: h.is64 ? 'elf64' : 'elf32',
    elfMachine: h.machine,
    nrCpus: notes.filter((n) => n.name === 'CORE' && n.type === NT_PRSTATUS).length,
    maxPfn: (index.end + BigInt(pageSize) - 1n) / BigInt(pageSize),
    incomplete,
  };
  return new ElfCoreImage(src, index, {
    producer,
    arch,
    littleEndian: h.littleEndian,
    pageSize,
    facts,
    notes,
    virtualSegments: virtualSegmentsOf(loads),
    warnings,
  });
}

/** Reads one PT_NOTE; a segment cut by the end of the file keeps the notes that fit, with a warning. */
async function readNoteSegment(
  src: ByteSource,
  ph: ProgramHeader,
  le: boolean,
  warnings: Warning[],
): Promise<ElfNote[]> {
  const want = ph.filesz > BigInt(MAX_NOTE_BYTES) ? MAX_NOTE_BYTES : Number(ph.filesz);
  if (want < ph.filesz) {
    warnings.push({
      code: 'BAD_NOTE',
      message: `${src.name}: PT_NOTE #${ph.index} is ${ph.filesz} bytes; only the first ${MAX_NOTE_BYTES} are read`,
    });
  }
  const avail = Math.max(0, Math.min(want, src.size - ph.offset));
  if (avail < want) {
    warnings.push({
      code: 'BAD_NOTE',
      message: `${src.name}, offset 0x${ph.offset.toString(16)}: PT_NOTE #${ph.index} needs ${want} bytes but the file ends after ${avail}; later notes are missing`,
    });
  }
  if (avail === 0) return [];
  const bytes = await readExact(src, ph.offset, avail, `PT_NOTE #${ph.index}`);
  const parsed = parseNotes(bytes, src.name, ph.offset, le);
  warnings.push(...parsed.warnings);
  return parsed.notes;
}

/** VMCOREINFO PAGESIZE when present and sane, else 4096. */
function pageSizeOf(notes: readonly ElfNote[], name: string, warnings: Warning[]): number {
  const info = findVmcoreInfo(notes);
  const raw = info?.raw('PAGESIZE');
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  const ps = info!.pageSize;
  if (ps !== undefined && ps >= 512 && ps <= 1 << 20 && (ps & (ps - 1)) === 0) return ps;
  warnings.push({
    code: 'BAD_PAGESIZE',
    message: `${name}: VMCOREINFO PAGESIZE=${raw} is not a power of two between 512 and 1 MiB; assuming 4096`,
  });
  return DEFAULT_PAGE_SIZE;
}

function archOf(machine: number): Arch {
  if (machine === EM_X86_64) return 'x86_64';
  if (machine === EM_AARCH64) return 'arm64';
  if (machine === EM_386) return 'x86';
  return 'unknown';
}

/**
 * PT_LOADs that carry a kernel virtual address, sorted, with virtually and physically
 * contiguous neighbours joined (makedumpfile splits one mapping at excluded runs).
 * vaddr 0 and vaddr == paddr (QEMU paging=false writes the physical address) are not mappings.
 */
function virtualSegmentsOf(loads: readonly ProgramHeader[]): VirtualSegment[] {
  const segs = loads
    .filter((l) => l.vaddr !== 0n && l.vaddr !== l.paddr && l.memsz > 0n)
    .map((l) => ({ vaddr: l.vaddr, paddr: l.paddr, size: l.memsz > l.filesz ? l.memsz : l.filesz }))
    .sort((a, b) => (a.vaddr < b.vaddr ? -1 : a.vaddr > b.vaddr ? 1 : 0));
  const out: VirtualSegment[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && last.vaddr + last.size === s.vaddr && last.paddr + last.size === s.paddr) {
      last.size += s.size;
    } else if (!(last && last.vaddr === s.vaddr && last.paddr === s.paddr && last.size >= s.size)) {
      out.push({ ...s });
    }
  }
  return out;
}

interface ImageParts {
  producer: Producer;
  arch: Arch;
  littleEndian: boolean;
  pageSize: number;
  facts: DumpHeaderFacts;
  notes: ElfNote[];
  virtualSegments: VirtualSegment[];
  warnings: Warning[];
}

class ElfCoreImage implements DumpImage {
  readonly format = 'elf' as const;
  readonly compression = 'none' as const;
  readonly files: readonly string[];
  readonly producer: Producer;
  readonly arch: Arch;
  readonly littleEndian: boolean;
  readonly pageSize: number;
  readonly facts: DumpHeaderFacts;
  readonly notes: readonly ElfNote[];
  readonly physRanges: readonly PhysRange[];
  readonly virtualSegments: readonly VirtualSegment[];
  readonly excludedPages: number;
  readonly warnings: Warning[];

  constructor(
    private readonly src: ByteSource,
    private readonly index: PhysIndex,
    p: ImageParts,
  ) {
    this.files = [src.name];
    this.producer = p.producer;
    this.arch = p.arch;
    this.littleEndian = p.littleEndian;
    this.pageSize = p.pageSize;
    this.facts = p.facts;
    this.notes = p.notes;
    this.virtualSegments = p.virtualSegments;
    this.warnings = p.warnings;
    this.physRanges = index.physRanges;
    this.excludedPages = index.excludedPages;
  }

  pageState(paddr: bigint): PageState {
    const p = this.index.find(paddr);
    if (!p) return 'hole';
    return p.kind === 'data' ? 'present' : p.kind;
  }

  async readPhys(paddr: bigint, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(length) || length < 0)
      throw new RangeError(`bad read length ${length}`);
    if (length === 0) return new Uint8Array(0);
    const end = paddr + BigInt(length);
    let out: Uint8Array | undefined;
    let pos = 0;
    let cur = paddr;
    // Each pass consumes the rest of one piece, so the loop ends after at most #pieces passes.
    while (cur < end) {
      const p = this.index.find(cur);
      if (!p) {
        const next = this.index.next(cur);
        throw new FaultError(
          cur,
          next ? 'hole' : 'beyond-dump',
          'physical',
          `no PT_LOAD of ${this.src.name} covers it`,
        );
      }
      if (p.kind === 'excluded') {
        throw new FaultError(
          cur,
          'excluded',
          'physical',
          `in a PT_LOAD's p_memsz beyond p_filesz in ${this.src.name}: filtered out by makedumpfile`,
        );
      }
      if (p.kind === 'incomplete') {
        throw new FaultError(
          cur,
          'incomplete',
          'physical',
          `its PT_LOAD data lies beyond the end of ${this.src.name} (size ${this.src.size})`,
        );
      }
      const take = Number((end < p.end ? end : p.end) - cur);
      const bytes = await readExact(
        this.src,
        p.offset + Number(cur - p.start),
        take,
        'PT_LOAD data',
      );
      if (take === length) return bytes;
      out ??= new Uint8Array(length);
      out.set(bytes, pos);
      pos += take;
      cur += BigInt(take);
    }
    return out!;
  }

  async close(): Promise<void> {
    const s = this.src as ByteSource & { close?: () => Promise<void> };
    if (typeof s.close === 'function') await s.close();
  }
}
