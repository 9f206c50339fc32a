// The one interface every dump container gives: physical memory with explicit
// excluded-page errors, the raw ELF notes, and what the container's header says.
import type { Warning } from '../errors';
import type { ElfNote } from './notes/elf-note';

export type DumpFormatId = 'elf' | 'kdump' | 'flattened' | 'split' | 'diskdump';
export type Compression = 'none' | 'zlib' | 'lzo' | 'snappy' | 'zstd' | 'mixed';
/** Who wrote the memory image: the kernel's /proc/vmcore (directly or through makedumpfile) or QEMU. */
export type Producer = 'kernel' | 'qemu' | 'unknown';
export type Arch = 'x86_64' | 'arm64' | 'x86' | 'unknown';

/** struct new_utsname as stored in a kdump header (may be partly empty: QEMU fills only machine). */
export interface UtsName {
  sysname: string;
  nodename: string;
  release: string;
  version: string;
  machine: string;
  domainname: string;
}

/** Facts a container header gives, before any kernel memory is read. */
export interface DumpHeaderFacts {
  utsname?: UtsName;
  /** Dump time from the kdump header, seconds since the epoch. */
  timestampSeconds?: number;
  /** makedumpfile -d mask. */
  dumpLevel?: number;
  /** x86_64 phys_base as recorded by makedumpfile's sub-header. */
  physBase?: bigint;
  /** Number of page frames the dump covers (max_mapnr). */
  maxPfn?: bigint;
  /** kdump header nr_cpus (count of NT_PRSTATUS notes makedumpfile saw). */
  nrCpus?: number;
  /** kdump header version (1..6), or ELF class ('elf64'|'elf32'). */
  headerVersion?: number;
  elfClass?: 'elf32' | 'elf64';
  /** ELF e_machine. */
  elfMachine?: number;
  /** kdump status flags (DUMP_DH_*). */
  status?: number;
  /** True when makedumpfile marked the dump incomplete (DUMP_DH_COMPRESSED_INCOMPLETE). */
  incomplete?: boolean;
}

/** Where a physical address stands in this dump. */
export type PageState = 'present' | 'excluded' | 'hole' | 'incomplete';

export interface PhysRange {
  /** Inclusive start, exclusive end, in bytes. */
  start: bigint;
  end: bigint;
}

/** A PT_LOAD with a virtual address (kernel-made ELF vmcores): maps vaddr → paddr. */
export interface VirtualSegment {
  vaddr: bigint;
  paddr: bigint;
  size: bigint;
}

export interface DumpImage {
  readonly format: DumpFormatId;
  /** The file names the image was opened from, in split order. */
  readonly files: readonly string[];
  readonly compression: Compression;
  readonly producer: Producer;
  readonly arch: Arch;
  readonly littleEndian: boolean;
  readonly pageSize: number;
  readonly facts: DumpHeaderFacts;
  /** Raw ELF notes: NT_PRSTATUS per CPU, VMCOREINFO, QEMU, PRPSINFO… in file order. */
  readonly notes: readonly ElfNote[];
  /** Physical ranges that existed (RAM/ROM described by the dump), sorted, merged. */
  readonly physRanges: readonly PhysRange[];
  /** Kernel virtual mappings carried by the container itself (ELF PT_LOAD vaddr); may be empty. */
  readonly virtualSegments: readonly VirtualSegment[];
  /** Pages that existed but are not in the file (filtered by makedumpfile). */
  readonly excludedPages: number;
  /** Problems found while opening that did not stop it. */
  readonly warnings: Warning[];
  pageState(paddr: bigint): PageState;
  /**
   * Reads physical memory. Throws FaultError('physical', reason) for the first byte that
   * cannot be read: 'excluded', 'hole', 'beyond-dump', 'incomplete' or 'unreadable'.
   */
  readPhys(paddr: bigint, length: number): Promise<Uint8Array>;
  close?(): Promise<void>;
}

export interface OpenOptions {
  /** Called with bytes done / total for slow steps (indexing a flattened file…). */
  onProgress?: (step: string, done: number, total: number) => void;
  signal?: { readonly aborted: boolean };
}
