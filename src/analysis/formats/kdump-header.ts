// struct disk_dump_header: block 0 of a kdump-compressed ("KDUMP   ") or old diskdump
// ("DISKDUMP") file (makedumpfile diskdump_mod.h; crash diskdump.c read_dump_header).
// Fields are in the dumped machine's byte order. Two layouts exist: LP64 (utsname, 6 pad
// bytes, 16-byte timeval @408, sizeof 464) and ILP32 (2 pad bytes, 8-byte timeval @404,
// sizeof 452) — libkdumpfile diskdump.c disk_dump_header_64/_32. Like libkdumpfile's
// try_header we accept an interpretation only if block_size is a sane power of two and
// the bitmap covers max_mapnr; we also want a small header_version (it tells the byte
// order apart when a swapped block_size happens to look valid).
import { Cursor, cString } from '../binary/cursor';
import { BadDataError } from '../errors';
import type { UtsName } from './dump-image';

export const KDUMP_SIGNATURE = 'KDUMP   ';
export const DISK_DUMP_SIGNATURE = 'DISKDUMP';
/** Bytes to read at offset 0 to parse either layout. */
export const DISK_DUMP_HEADER_READ = 464;

/** disk_dump_header.status bits (diskdump_mod.h). */
export const DUMP_DH_COMPRESSED_INCOMPLETE = 0x8;
export const DUMP_DH_EXCLUDED_VMEMMAP = 0x10;

const MIN_BLOCK_SIZE = 512;
const MAX_BLOCK_SIZE = 1 << 20;
const NEW_UTS_LEN = 65;
const MAX_HEADER_VERSION = 1000;

export type KdumpLayout = 'lp64' | 'ilp32';

export interface DiskDumpHeader {
  signature: 'KDUMP' | 'DISKDUMP';
  layout: KdumpLayout;
  littleEndian: boolean;
  headerVersion: number;
  utsname: UtsName;
  timestampSec: bigint;
  timestampUsec: bigint;
  status: number;
  blockSize: number;
  /** Sub-header + note copy size, in blocks. */
  subHdrSize: number;
  /** Both bitmaps together, in blocks. */
  bitmapBlocks: number;
  /** Truncated to 32 bits; the sub-header's max_mapnr_64 supersedes it from version 6. */
  maxMapnr: number;
  currentCpu: number;
  nrCpus: number;
  /** sizeof(struct disk_dump_header): where DISKDUMP's tasks[] array starts. */
  size: number;
}

export function sniffKdump(head: Uint8Array): 'kdump' | 'diskdump' | null {
  if (head.length < 8) return null;
  const sig = String.fromCharCode(...head.subarray(0, 8));
  if (sig === KDUMP_SIGNATURE) return 'kdump';
  if (sig === DISK_DUMP_SIGNATURE) return 'diskdump';
  return null;
}

function readUtsname(c: Cursor): UtsName {
  const f = () => c.fixedString(NEW_UTS_LEN, 'utsname field');
  return { sysname: f(), nodename: f(), release: f(), version: f(), machine: f(), domainname: f() };
}

function parseAs(bytes: Uint8Array, source: string, layout: KdumpLayout, le: boolean): DiskDumpHeader {
  const c = new Cursor(bytes, source, 0, le);
  const sig = sniffKdump(bytes);
  c.skip(8);
  const headerVersion = c.i32('header_version');
  const utsname = readUtsname(c);
  let timestampSec: bigint;
  let timestampUsec: bigint;
  if (layout === 'lp64') {
    c.skip(6);
    timestampSec = c.i64('timestamp.tv_sec');
    timestampUsec = c.i64('timestamp.tv_usec');
  } else {
    c.skip(2);
    timestampSec = BigInt(c.i32('timestamp.tv_sec'));
    timestampUsec = BigInt(c.i32('timestamp.tv_usec'));
  }
  const status = c.u32('status');
  const blockSize = c.i32('block_size');
  const subHdrSize = c.i32('sub_hdr_size');
  const bitmapBlocks = c.u32('bitmap_blocks');
  const maxMapnr = c.u32('max_mapnr');
  c.skip(12); // total_ram_blocks, device_blocks, written_blocks: diskdump legacy
  const currentCpu = c.u32('current_cpu');
  const nrCpus = c.i32('nr_cpus');
  return {
    signature: sig === 'diskdump' ? 'DISKDUMP' : 'KDUMP',
    layout,
    littleEndian: le,
    headerVersion,
    utsname,
    timestampSec,
    timestampUsec,
    status,
    blockSize,
    subHdrSize,
    bitmapBlocks,
    maxMapnr,
    currentCpu,
    nrCpus,
    size: c.pos,
  };
}

/** Why this interpretation cannot be right, or null if it is plausible. */
function implausible(h: DiskDumpHeader): string | null {
  const bs = h.blockSize;
  // makedumpfile writes 6; a byte-swapped value is huge.
  if (h.headerVersion < 0 || h.headerVersion > MAX_HEADER_VERSION) return `header_version ${h.headerVersion}`;
  if (bs < MIN_BLOCK_SIZE || bs > MAX_BLOCK_SIZE || (bs & (bs - 1)) !== 0) return `block_size ${bs}`;
  if (h.subHdrSize < 0) return `sub_hdr_size ${h.subHdrSize}`;
  if (h.bitmapBlocks === 0) return 'bitmap_blocks 0';
  if (8 * h.bitmapBlocks * bs < h.maxMapnr) return `bitmap of ${h.bitmapBlocks} blocks for max_mapnr ${h.maxMapnr}`;
  return null;
}

/** utsname.machine values of 32-bit kernels (the ILP32 layout is tried first for them). */
function looks32bit(machine: string): boolean {
  return /^(i[3-6]86|arm(?!64)|mips$|mipsel$|ppc$|s390$|sh|sparc$|m68k|riscv32)/.test(machine);
}

/**
 * Parses the header from the first DISK_DUMP_HEADER_READ bytes (fewer are fine for the
 * 32-bit layout). Throws BadDataError if no layout/byte order gives a plausible header.
 */
export function parseDiskDumpHeader(bytes: Uint8Array, source: string): DiskDumpHeader {
  if (!sniffKdump(bytes)) {
    const found = Array.from(bytes.subarray(0, 8), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    throw new BadDataError(source, 0, `signature "${KDUMP_SIGNATURE}" or "${DISK_DUMP_SIGNATURE}"`, `"${found}"`);
  }
  if (bytes.length < 452) {
    throw new BadDataError(source, 0, `${DISK_DUMP_HEADER_READ} bytes of disk_dump_header`, `${bytes.length}`);
  }
  const machine = cString(bytes.subarray(12 + 4 * NEW_UTS_LEN, 12 + 5 * NEW_UTS_LEN));
  const layouts: KdumpLayout[] = looks32bit(machine) ? ['ilp32', 'lp64'] : ['lp64', 'ilp32'];
  let firstProblem = '';
  for (const le of [true, false]) {
    for (const layout of layouts) {
      if (layout === 'lp64' && bytes.length < DISK_DUMP_HEADER_READ) continue;
      const h = parseAs(bytes, source, layout, le);
      const why = implausible(h);
      if (!why) return h;
      firstProblem ||= why;
    }
  }
  throw new BadDataError(
    source,
    428,
    'a disk_dump_header with a power-of-two block_size (512..1 MiB) and a bitmap covering max_mapnr, in some layout and byte order',
    firstProblem,
  );
}
