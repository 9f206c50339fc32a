// Opens a kdump-compressed file (makedumpfile's "KDUMP   ", QEMU's dump-guest-memory
// -z/-l/-s) or an old "DISKDUMP" file as a DumpImage. Layout (makedumpfile IMPLEMENTATION;
// crash diskdump.c read_dump_header): block 0 disk_dump_header; block 1 sub-header (+ note
// copy), sub_hdr_size blocks; then bitmap_blocks blocks of bitmaps (1st = RAM, 2nd =
// stored, each half; a single bitmap when it is too small for two, crash dump_is_partial /
// libkdumpfile read_bitmap); then page_desc[] and the page data.
// Opening reads the headers, the notes and both bitmaps (in chunks); pages are read and
// decoded on demand.
import { BadDataError, FaultError, formatOffset, type Warning } from '../errors';
import { readExact, type ByteSource } from '../io/byte-source';
import { DUMP_DH_COMPRESSED_LZO, DUMP_DH_COMPRESSED_SNAPPY, DUMP_DH_COMPRESSED_ZLIB, DUMP_DH_COMPRESSED_ZSTD } from '../codecs/page-codec';
import { readDiskdumpPanicInfo, type DiskdumpPanicInfo } from './diskdump-panic';
import type { Arch, Compression, DumpFormatId, DumpHeaderFacts, DumpImage, OpenOptions, PageState, PhysRange, Producer, UtsName } from './dump-image';
import { FlattenedSource } from './flattened-source';
import { KdumpBitmaps } from './kdump-bitmap';
import { DISK_DUMP_HEADER_READ, DUMP_DH_COMPRESSED_INCOMPLETE, parseDiskDumpHeader, type DiskDumpHeader } from './kdump-header';
import { readKdumpNotes } from './kdump-notes';
import { KdumpPageReader, PAGE_DESC_SIZE, PageFault } from './kdump-page-reader';
import { kdumpSubHeaderSize, parseKdumpSubHeader, type KdumpSubHeader } from './kdump-sub-header';
import type { ElfNote } from './notes/elf-note';
import { VmcoreInfo } from './notes/vmcoreinfo';

export { sniffKdump } from './kdump-header';

/** The PFN range a file holds: a split part's [start_pfn_64, end_pfn_64), else [0, max_mapnr). */
export interface KdumpSplitInfo {
  split: boolean;
  startPfn: bigint;
  endPfn: bigint;
}

export interface KdumpImage extends DumpImage {
  readonly header: DiskDumpHeader;
  /** Absent for DISKDUMP files and header_version 0. */
  readonly subHeader?: KdumpSubHeader;
  readonly splitInfo: KdumpSplitInfo;
  /** DISKDUMP files only: panic CPU, tasks[] and the raw register block. */
  readonly diskdump?: DiskdumpPanicInfo;
  /** Stored pages (page_desc entries) in this file. */
  readonly storedPages: number;
}

const CODEC_BITS: [number, Compression][] = [
  [DUMP_DH_COMPRESSED_ZLIB, 'zlib'],
  [DUMP_DH_COMPRESSED_LZO, 'lzo'],
  [DUMP_DH_COMPRESSED_SNAPPY, 'snappy'],
  [DUMP_DH_COMPRESSED_ZSTD, 'zstd'],
];
/** Old diskdump status value meaning "pages compressed" (diskdump_mod.h DUMP_HEADER_COMPRESSED). */
const DUMP_HEADER_COMPRESSED = 8;

function compressionOf(h: DiskDumpHeader): Compression {
  if (h.signature === 'DISKDUMP') return h.status & DUMP_HEADER_COMPRESSED ? 'zlib' : 'none';
  const seen = CODEC_BITS.filter(([bit]) => h.status & bit).map(([, name]) => name);
  return seen.length === 0 ? 'none' : seen.length === 1 ? seen[0]! : 'mixed';
}

/** QEMU's kdump writer fills only utsname.machine (qemu dump/dump.c create_header64). */
function producerOf(u: UtsName): Producer {
  const others = [u.sysname, u.nodename, u.release, u.version, u.domainname];
  return u.machine !== '' && others.every((s) => s === '') ? 'qemu' : 'kernel';
}

function archOf(machine: string): Arch {
  if (machine === 'x86_64') return 'x86_64';
  if (machine === 'aarch64' || machine === 'arm64') return 'arm64';
  if (/^i[3-6]86$/.test(machine)) return 'x86';
  return 'unknown';
}

/**
 * QEMU fills kdump_sub_header.phys_base from VMCOREINFO's decimal NUMBER(phys_base) but
 * parses it as hex (qemu dump/dump.c vmcoreinfo_update_phys_base: qemu_strtou64(..., 16)).
 * When the header holds exactly that misreading, the VMCOREINFO value is the real one.
 */
function qemuPhysBase(header: bigint, notes: readonly ElfNote[]): bigint | null {
  const note = notes.find((n) => n.name === 'VMCOREINFO');
  const digits = note && VmcoreInfo.fromBytes(note.desc).raw('NUMBER(phys_base)');
  const m = digits ? /^(-?)([0-9]+)$/.exec(digits) : null;
  if (!m) return null;
  // qemu_strtou64 negates a leading '-' modulo 2^64.
  const misread = BigInt.asUintN(64, (m[1] ? -1n : 1n) * BigInt(`0x${m[2]!}`));
  const value = BigInt.asUintN(64, BigInt(digits!));
  return header === misread && misread !== value ? value : null;
}

function pfnRange(h: DiskDumpHeader, sub: KdumpSubHeader | undefined, maxPfn: number, name: string): [number, number] {
  if (!sub?.split) return [0, maxPfn];
  const s = sub.startPfn ?? 0n;
  const e = sub.endPfn ?? 0n;
  if (s >= e || e > BigInt(maxPfn)) {
    throw new BadDataError(name, h.blockSize, `split range start_pfn < end_pfn <= max_mapnr (${maxPfn})`, `[${s}, ${e})`);
  }
  return [Number(s), Number(e)];
}

export async function openKdump(src: ByteSource, opts: OpenOptions = {}): Promise<KdumpImage> {
  const h = parseDiskDumpHeader(await src.read(0, DISK_DUMP_HEADER_READ), src.name);
  // A flattened wrapper keeps reporting (overwritten records) after open: share its list.
  const warnings: Warning[] = src instanceof FlattenedSource ? src.warnings : [];
  const warn = (code: string, message: string) => warnings.push({ code, message: `${src.name}: ${message}` });
  let sub: KdumpSubHeader | undefined;
  let notes: ElfNote[] = [];
  let diskdump: DiskdumpPanicInfo | undefined;
  if (h.signature === 'KDUMP') {
    if (h.headerVersion > 6) warn('KDUMP_NEW_VERSION', `header_version ${h.headerVersion} is newer than 6; read as version 6`);
    if (h.headerVersion >= 1) {
      const bytes = await readExact(src, h.blockSize, kdumpSubHeaderSize(h), 'kdump_sub_header');
      sub = parseKdumpSubHeader(bytes, src.name, h.blockSize, h);
    }
    if (sub) notes = await readKdumpNotes(src, h, sub, warnings);
  } else {
    diskdump = await readDiskdumpPanicInfo(src, h, warnings);
  }

  let maxPfnBig = BigInt(h.maxMapnr);
  if (sub?.maxMapnr64 !== undefined) {
    if (sub.maxMapnr64 === 0n && h.maxMapnr !== 0) warn('KDUMP_MAX_MAPNR', 'max_mapnr_64 is 0; using the 32-bit max_mapnr');
    else maxPfnBig = sub.maxMapnr64;
  }
  // Two bitmaps when half the bitmap area covers max_mapnr (libkdumpfile read_bitmap).
  const bitmapBytes = h.bitmapBlocks * h.blockSize;
  const halfBytes = Math.floor(h.bitmapBlocks / 2) * h.blockSize;
  const two = maxPfnBig <= BigInt(halfBytes) * 8n;
  const capacity = two ? halfBytes * 8 : bitmapBytes * 8;
  if (!two && h.signature === 'KDUMP') warn('KDUMP_SINGLE_BITMAP', 'bitmap too small for two bitmaps; using it as the stored-page bitmap');
  if (maxPfnBig > BigInt(capacity)) {
    warn('KDUMP_MAX_MAPNR', `max_mapnr ${maxPfnBig} exceeds the ${capacity} PFNs the bitmap covers; clamped`);
    maxPfnBig = BigInt(capacity);
  }
  const maxPfn = Number(maxPfnBig);
  const [startPfn, endPfn] = pfnRange(h, sub, maxPfn, src.name);
  const ramOffset = (1 + h.subHdrSize) * h.blockSize;
  // Before sizing the bitmap index by max_mapnr: bitmap_blocks × block_size reaches 4 PiB.
  if (ramOffset + bitmapBytes > src.size) {
    throw new BadDataError(
      src.name,
      ramOffset,
      `${bitmapBytes} bytes of bitmaps (bitmap_blocks ${h.bitmapBlocks} × block_size ${h.blockSize})`,
      `only ${Math.max(0, src.size - ramOffset)} before the end of the file (size ${src.size})`,
    );
  }
  const bitmaps = await KdumpBitmaps.scan(src, { ramOffset, storedOffset: two ? ramOffset + halfBytes : ramOffset, startPfn, endPfn }, opts);

  const descOffset = ramOffset + bitmapBytes;
  const descEnd = descOffset + bitmaps.storedPages * PAGE_DESC_SIZE;
  if (descEnd > src.size) {
    warn('KDUMP_TRUNCATED', `the page_desc table [${formatOffset(descOffset)}, ${formatOffset(descEnd)}) runs past the end of the file (size ${src.size}); pages described beyond it are unreadable`);
  }
  const incomplete = h.signature === 'KDUMP' && (h.status & DUMP_DH_COMPRESSED_INCOMPLETE) !== 0;
  if (incomplete) {
    // disk_dump_header.status follows utsname and the timeval: offset 424 (LP64) or 412 (ILP32).
    const at = formatOffset(h.layout === 'lp64' ? 424 : 412);
    warn('KDUMP_INCOMPLETE', `makedumpfile marked this dump incomplete (status at offset ${at} has DUMP_DH_COMPRESSED_INCOMPLETE): some pages were not written`);
  }
  const pages = new KdumpPageReader(src, descOffset, h.blockSize, h.littleEndian, incomplete);

  const facts: DumpHeaderFacts = {
    utsname: h.utsname,
    timestampSeconds: Number(h.timestampSec),
    maxPfn: maxPfnBig,
    nrCpus: h.nrCpus,
    headerVersion: h.headerVersion,
    status: h.status,
    incomplete,
  };
  if (sub) {
    facts.physBase = sub.physBase;
    const fixed = producerOf(h.utsname) === 'qemu' ? qemuPhysBase(sub.physBase, notes) : null;
    if (fixed !== null) {
      facts.physBase = fixed;
      warn('QEMU_PHYS_BASE', `phys_base 0x${sub.physBase.toString(16)} in the sub-header is QEMU's hex reading of VMCOREINFO NUMBER(phys_base)=${fixed}; using 0x${fixed.toString(16)}`);
    }
    if (sub.dumpLevel !== undefined) facts.dumpLevel = sub.dumpLevel;
  }
  const format: DumpFormatId = src instanceof FlattenedSource ? 'flattened' : h.signature === 'DISKDUMP' ? 'diskdump' : 'kdump';
  return new KdumpFile(src.name, format, h, sub, diskdump, facts, notes, warnings, bitmaps, pages, maxPfn, {
    split: sub?.split ?? false,
    startPfn: BigInt(startPfn),
    endPfn: BigInt(endPfn),
  });
}

class KdumpFile implements KdumpImage {
  readonly files: readonly string[];
  readonly compression: Compression;
  readonly producer: Producer;
  readonly arch: Arch;
  readonly littleEndian: boolean;
  readonly pageSize: number;
  readonly physRanges: readonly PhysRange[];
  readonly virtualSegments = [];
  readonly excludedPages: number;
  readonly storedPages: number;
  private readonly pageSizeBig: bigint;

  constructor(
    private readonly name: string,
    readonly format: DumpFormatId,
    readonly header: DiskDumpHeader,
    readonly subHeader: KdumpSubHeader | undefined,
    readonly diskdump: DiskdumpPanicInfo | undefined,
    readonly facts: DumpHeaderFacts,
    readonly notes: readonly ElfNote[],
    readonly warnings: Warning[],
    private readonly bitmaps: KdumpBitmaps,
    private readonly pages: KdumpPageReader,
    private readonly maxPfn: number,
    readonly splitInfo: KdumpSplitInfo,
  ) {
    this.files = [name];
    this.compression = compressionOf(header);
    this.producer = producerOf(header.utsname);
    this.arch = archOf(header.utsname.machine);
    this.littleEndian = header.littleEndian;
    this.pageSize = header.blockSize;
    this.pageSizeBig = BigInt(header.blockSize);
    const runs = bitmaps.ramRuns;
    const ranges: PhysRange[] = [];
    for (let i = 0; i < runs.length; i += 2) {
      ranges.push({ start: BigInt(runs[i]!) * this.pageSizeBig, end: BigInt(runs[i + 1]!) * this.pageSizeBig });
    }
    this.physRanges = ranges;
    this.excludedPages = bitmaps.excludedPages;
    this.storedPages = bitmaps.storedPages;
  }

  pageState(paddr: bigint): PageState {
    const pfn = paddr / this.pageSizeBig;
    // Beyond max_mapnr (or outside a split part) no page exists here: 'hole', as for ELF.
    if (paddr < 0n || pfn >= BigInt(this.maxPfn)) return 'hole';
    const p = Number(pfn);
    if (this.bitmaps.isStored(p)) return 'present';
    return this.bitmaps.isRam(p) ? 'excluded' : 'hole';
  }

  /** The decoded page holding `addr` (the first byte wanted, for fault addresses). */
  private async page(addr: bigint): Promise<Uint8Array> {
    const pfnBig = addr / this.pageSizeBig;
    if (addr < 0n || pfnBig >= BigInt(this.maxPfn)) {
      throw new FaultError(addr, 'beyond-dump', 'physical', `above max_mapnr ${this.maxPfn} of ${this.name}`);
    }
    const pfn = Number(pfnBig);
    if (!this.bitmaps.inRange(pfn)) {
      const { startPfn, endPfn } = this.splitInfo;
      throw new FaultError(addr, 'beyond-dump', 'physical', `outside the PFN range [0x${startPfn.toString(16)}, 0x${endPfn.toString(16)}) of split part ${this.name}`);
    }
    if (!this.bitmaps.isStored(pfn)) {
      if (this.bitmaps.isRam(pfn)) throw new FaultError(addr, 'excluded', 'physical', `filtered out of ${this.name} (dump level ${this.facts.dumpLevel ?? '?'})`);
      throw new FaultError(addr, 'hole', 'physical', `not RAM in the 1st bitmap of ${this.name}`);
    }
    try {
      return await this.pages.readPage(pfn, this.bitmaps.descIndex(pfn));
    } catch (e) {
      if (e instanceof PageFault) throw new FaultError(addr, e.reason, 'physical', e.detail);
      throw e;
    }
  }

  async readPhys(paddr: bigint, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`bad read length ${length}`);
    const out = new Uint8Array(length);
    let pos = 0;
    let addr = paddr;
    // Each pass consumes up to the end of one page: at most length / pageSize + 2 passes.
    while (pos < length) {
      const page = await this.page(addr);
      const inPage = Number(addr % this.pageSizeBig);
      const n = Math.min(this.pageSize - inPage, length - pos);
      out.set(page.subarray(inPage, inPage + n), pos);
      pos += n;
      addr += BigInt(n);
    }
    return out;
  }
}
