// The parts of a dump written with makedumpfile --split (one file per PFN range). Every
// part has full headers with split = 1 and its own [start_pfn_64, end_pfn_64); the parts
// of one dump agree on utsname, max_mapnr and block size, and their ranges tile
// [0, max_mapnr) (makedumpfile.c write_kdump_header, SPLITTING_START_PFN/END_PFN; crash
// needs every part: diskdump.c read_diskdump KDUMP_SPLIT branch). Reads go to the part
// owning the PFN.
import { BadDataError, CrashlensError, FaultError, type Warning } from '../errors';
import type { Arch, Compression, DumpHeaderFacts, DumpImage, PageState, PhysRange, Producer } from './dump-image';
import type { ElfNote } from './notes/elf-note';
import type { KdumpImage } from './kdump-compressed';

const hexPfn = (p: bigint) => `0x${p.toString(16)}`;

/** Byte offset of start_pfn_64 in the sub-header (LP64 layout), for error messages. */
function rangeFieldOffset(img: KdumpImage): number {
  return img.pageSize + (img.subHeader?.layout === 'lp64' ? 80 : 56);
}

function sameUts(a: KdumpImage, b: KdumpImage): boolean {
  return JSON.stringify(a.facts.utsname) === JSON.stringify(b.facts.utsname);
}

function checkParts(parts: KdumpImage[]): void {
  const first = parts[0]!;
  for (const p of parts) {
    const name = p.files[0]!;
    if (!p.splitInfo.split) {
      throw new BadDataError(name, p.pageSize + 12, 'a part of a split dump (kdump_sub_header.split = 1)', 'split = 0: a complete dump, open it alone');
    }
    const mismatch =
      p.pageSize !== first.pageSize ? `block size ${p.pageSize} (${first.files[0]} has ${first.pageSize})`
      : p.facts.maxPfn !== first.facts.maxPfn ? `max_mapnr ${p.facts.maxPfn} (${first.files[0]} has ${first.facts.maxPfn})`
      : !sameUts(p, first) ? `utsname "${p.facts.utsname?.release} ${p.facts.utsname?.version}" (${first.files[0]} has "${first.facts.utsname?.release} ${first.facts.utsname?.version}")`
      : p.littleEndian !== first.littleEndian ? 'another byte order'
      : null;
    if (mismatch) throw new BadDataError(name, 0, `a part of the same dump as ${first.files[0]}`, mismatch);
  }
  const maxPfn = first.facts.maxPfn ?? 0n;
  let expect = 0n;
  for (const p of parts) {
    const { startPfn, endPfn } = p.splitInfo;
    if (startPfn > expect) {
      throw new BadDataError(p.files[0]!, rangeFieldOffset(p), `the part holding PFNs [${hexPfn(expect)}, ${hexPfn(startPfn)}) before this one`, 'no such part among the files given: a split part is missing');
    }
    if (startPfn < expect) {
      throw new BadDataError(p.files[0]!, rangeFieldOffset(p), `a PFN range starting at ${hexPfn(expect)}`, `[${hexPfn(startPfn)}, ${hexPfn(endPfn)}), overlapping another part (a duplicate file?)`);
    }
    expect = endPfn;
  }
  if (expect < maxPfn) {
    const last = parts[parts.length - 1]!;
    throw new BadDataError(last.files[0]!, rangeFieldOffset(last), `a part holding PFNs [${hexPfn(expect)}, ${hexPfn(maxPfn)}) after this one`, 'no such part among the files given: a split part is missing');
  }
}

function mergeRanges(ranges: PhysRange[]): PhysRange[] {
  const out: PhysRange[] = [];
  for (const r of [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = r.end > last.end ? r.end : last.end;
    else out.push({ ...r });
  }
  return out;
}

export function openSplitSet(images: KdumpImage[]): DumpImage {
  if (images.length === 0) throw new CrashlensError('LOOKUP', 'no split part given');
  const parts = [...images].sort((a, b) => (a.splitInfo.startPfn < b.splitInfo.startPfn ? -1 : 1));
  checkParts(parts);
  return new SplitSet(parts);
}

class SplitSet implements DumpImage {
  readonly format = 'split' as const;
  readonly files: readonly string[];
  readonly compression: Compression;
  readonly producer: Producer;
  readonly arch: Arch;
  readonly littleEndian: boolean;
  readonly pageSize: number;
  readonly facts: DumpHeaderFacts;
  readonly notes: readonly ElfNote[];
  readonly physRanges: readonly PhysRange[];
  readonly virtualSegments = [];
  readonly excludedPages: number;
  private readonly pageSizeBig: bigint;

  constructor(private readonly parts: KdumpImage[]) {
    const first = parts[0]!;
    this.files = parts.map((p) => p.files[0]!);
    const codecs = new Set(parts.map((p) => p.compression));
    this.compression = codecs.size === 1 ? first.compression : 'mixed';
    this.producer = first.producer;
    this.arch = first.arch;
    this.littleEndian = first.littleEndian;
    this.pageSize = first.pageSize;
    this.pageSizeBig = BigInt(first.pageSize);
    this.facts = first.facts;
    this.notes = first.notes;
    this.physRanges = mergeRanges(parts.flatMap((p) => [...p.physRanges]));
    this.excludedPages = parts.reduce((n, p) => n + p.excludedPages, 0);
  }

  /** The parts' warnings, read live (parts on flattened sources may add more after open). */
  get warnings(): Warning[] {
    return this.parts.flatMap((p) => p.warnings);
  }

  private partOf(paddr: bigint): KdumpImage | undefined {
    const pfn = paddr / this.pageSizeBig;
    return this.parts.find((p) => pfn >= p.splitInfo.startPfn && pfn < p.splitInfo.endPfn);
  }

  pageState(paddr: bigint): PageState {
    return this.partOf(paddr)?.pageState(paddr) ?? 'hole';
  }

  async readPhys(paddr: bigint, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`bad read length ${length}`);
    const out = new Uint8Array(length);
    let pos = 0;
    // Each pass reads up to the end of one part's range.
    while (pos < length) {
      const addr = paddr + BigInt(pos);
      const part = this.partOf(addr);
      if (!part) throw new FaultError(addr, 'beyond-dump', 'physical', `above max_mapnr of split dump ${this.files.join(', ')}`);
      const partEnd = part.splitInfo.endPfn * this.pageSizeBig;
      const n = Math.min(length - pos, Number(partEnd - addr));
      out.set(await part.readPhys(addr, n), pos);
      pos += n;
    }
    return out;
  }
}
