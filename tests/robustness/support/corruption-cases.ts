// The corruption matrix of one real dump: where to truncate it and which bytes to flip,
// from its layout as read here (independently of the parsers under test) and from the
// page data the clean analysis read.
import type { ByteSource } from '../../../src/analysis/io/byte-source';
import { kdumpLayout } from '../../../fuzz/harnesses/support/kdump-layout';
import type { Patch } from './overlay-source';

export interface CorruptionCase {
  name: string;
  patches: Patch[];
  /** Truncated size, when the case is a truncation. */
  size?: number;
  /**
   * Flipped page contents: when the page still decodes, only the kernel-level reader
   * that meets the bad data can tell, and it names the kernel address, not the file.
   */
  pageData?: boolean;
}

const u32 = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
};
const u64 = (v: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return b;
};
/** The byte at `offset` with its bits inverted. */
const flip = async (src: ByteSource, offset: number): Promise<Patch> => ({ offset, bytes: Uint8Array.of((await src.read(offset, 1))[0]! ^ 0xff) });

/** 20 truncation points: structural ones first, then evenly spread over the file. */
export function truncations(size: number, structural: number[]): CorruptionCase[] {
  const points = [...new Set([0, 1, 17, ...structural].filter((p) => p >= 0 && p < size))].slice(0, 11);
  for (let k = 1; points.length < 20; k++) points.push(Math.floor((size * k) / 10) - 1 - k);
  return points.map((p) => ({ name: `truncated at ${p} (0x${p.toString(16)})`, patches: [], size: p }));
}

/** Offsets of page data the clean analysis read, spread over what it read. */
export function readDataOffsets(reads: [number, number][], from: number, count: number): number[] {
  const inData = [...new Set(reads.filter(([s]) => s >= from).map(([s]) => s))].sort((a, b) => a - b);
  if (inData.length === 0) return [];
  return Array.from({ length: count }, (_, i) => inData[Math.floor((i * inData.length) / count)]! + 20);
}

/** The first note's sizes, and bytes flipped at 1/4, 1/2 and 3/4 of the notes. */
async function noteCases(src: ByteSource, n: { offset: number; size: number }): Promise<CorruptionCase[]> {
  const cases: CorruptionCase[] = [
    { name: 'notes: first n_namesz', patches: [{ offset: n.offset, bytes: u32(0xfffffff0) }] },
    { name: 'notes: first n_descsz', patches: [{ offset: n.offset + 4, bytes: u32(0x10) }] },
  ];
  for (const k of [1, 2, 3]) {
    const at = n.offset + Math.floor((n.size * k) / 4);
    cases.push({ name: `notes: flipped at 0x${at.toString(16)}`, patches: [await flip(src, at)] });
  }
  return cases;
}

export async function kdumpCases(src: ByteSource, reads: [number, number][]): Promise<CorruptionCase[]> {
  const l = await kdumpLayout(src, 256);
  if (!l) throw new Error(`${src.name} is not a kdump file`);
  const bs = l.blockSize;
  const data = l.pages[0]!.offset;
  const cases = truncations(src.size, [
    463,
    bs + 50,
    l.notes ? l.notes.offset + (l.notes.size >> 1) : bs + 200,
    l.bitmaps.offset + 100,
    l.bitmaps.offset + (l.bitmaps.size >> 1) + 7,
    l.pageDescs.offset + 7,
    l.pageDescs.offset + ((l.pageDescs.count * 24) >> 1) + 3,
    data + 10,
  ]);
  const header: [string, number, Uint8Array][] = [
    ['header_version', 8, u32(0x7fffffff)],
    ['status', 424, u32(0xffffffff)],
    ['block_size', 428, u32(3)],
    ['sub_hdr_size', 432, u32(0x7fffffff)],
    ['bitmap_blocks', 436, u32(1)],
    ['max_mapnr', 440, u32(0xffffffff)],
    ['nr_cpus', 460, u32(0x7fffffff)],
    ['sub-header offset_note', bs + 48, u64(1n << 62n)],
    ['sub-header size_note', bs + 56, u64(0xffffffffn)],
    ['sub-header max_mapnr_64', bs + 96, u64(1n << 60n)],
  ];
  for (const [what, at, bytes] of header) cases.push({ name: `header ${what}`, patches: [{ offset: at, bytes }] });
  const half = l.bitmaps.offset + l.bitmaps.size / 2;
  for (const [what, at] of [
    ['1st bitmap start', l.bitmaps.offset],
    ['1st bitmap middle', l.bitmaps.offset + (l.bitmaps.size >> 2)],
    ['2nd bitmap start', half],
    ['2nd bitmap middle', half + (l.bitmaps.size >> 2)],
  ] as const) {
    cases.push({ name: `bitmap: ${what} all ones`, patches: [{ offset: at, bytes: new Uint8Array(64).fill(0xff) }] });
  }
  const descs = [l.pages[1]!, l.pages[l.pages.length >> 1]!, l.pages[l.pages.length - 1]!];
  cases.push({ name: 'page_desc offset beyond the file', patches: [{ offset: descs[0]!.descAt, bytes: u64(1n << 50n) }] });
  cases.push({ name: 'page_desc negative offset', patches: [{ offset: descs[1]!.descAt, bytes: u64(-4096n) }] });
  cases.push({ name: 'page_desc size 0xffffffff', patches: [{ offset: descs[1]!.descAt + 8, bytes: u32(0xffffffff) }] });
  cases.push({ name: 'page_desc flags all codecs', patches: [{ offset: descs[2]!.descAt + 12, bytes: u32(0x3f) }] });
  for (const at of readDataOffsets(reads, data, 4)) cases.push({ name: `page data flipped at 0x${at.toString(16)}`, patches: [await flip(src, at)], pageData: true });
  if (l.notes) cases.push(...(await noteCases(src, l.notes)));
  return cases;
}

export interface ElfLayout {
  phoff: number;
  phnum: number;
  notes: { offset: number; size: number }[];
  loads: { at: number; offset: number; size: number }[];
}

/** ELF64 little-endian program headers, read here independently of the parser. */
export async function elfLayout(src: ByteSource): Promise<ElfLayout> {
  const h = await src.read(0, 64);
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const phoff = Number(v.getBigUint64(32, true));
  const phnum = v.getUint16(56, true);
  const t = await src.read(phoff, phnum * 56);
  const tv = new DataView(t.buffer, t.byteOffset, t.byteLength);
  const out: ElfLayout = { phoff, phnum, notes: [], loads: [] };
  for (let i = 0; i < phnum; i++) {
    const type = tv.getUint32(i * 56, true);
    const offset = Number(tv.getBigUint64(i * 56 + 8, true));
    const size = Number(tv.getBigUint64(i * 56 + 32, true));
    if (type === 4) out.notes.push({ offset, size });
    if (type === 1) out.loads.push({ at: phoff + i * 56, offset, size });
  }
  return out;
}

export async function elfCases(src: ByteSource, reads: [number, number][]): Promise<CorruptionCase[]> {
  const l = await elfLayout(src);
  const note = l.notes[0]!;
  const firstData = Math.min(...l.loads.map((x) => x.offset));
  const cases = truncations(src.size, [
    40,
    l.phoff + 30,
    l.phoff + (l.phnum >> 1) * 56 + 9,
    note.offset + 6,
    note.offset + (note.size >> 1),
    firstData + 10,
  ]);
  const header: [string, number, Uint8Array][] = [
    ['EI_CLASS', 4, Uint8Array.of(1)],
    ['EI_DATA', 5, Uint8Array.of(2)],
    ['e_type', 16, Uint8Array.of(2, 0)],
    ['e_machine', 18, Uint8Array.of(0x34, 0x12)],
    ['e_phoff', 32, u64(1n << 40n)],
    ['e_phentsize', 54, Uint8Array.of(8, 0)],
    ['e_phnum', 56, Uint8Array.of(0xff, 0xff)],
  ];
  for (const [what, at, bytes] of header) cases.push({ name: `header ${what}`, patches: [{ offset: at, bytes }] });
  const loads = [l.loads[0]!, l.loads[l.loads.length >> 1]!, l.loads[l.loads.length - 1]!];
  cases.push({ name: 'PT_LOAD p_offset beyond the file', patches: [{ offset: loads[0]!.at + 8, bytes: u64(1n << 50n) }] });
  cases.push({ name: 'PT_LOAD p_paddr overlapping another', patches: [{ offset: loads[1]!.at + 24, bytes: u64(0n) }] });
  cases.push({ name: 'PT_LOAD p_filesz huge', patches: [{ offset: loads[1]!.at + 32, bytes: u64(1n << 62n) }] });
  cases.push({ name: 'PT_LOAD p_memsz 0', patches: [{ offset: loads[2]!.at + 40, bytes: u64(0n) }] });
  for (const at of readDataOffsets(reads, firstData, 4)) cases.push({ name: `page data flipped at 0x${at.toString(16)}`, patches: [await flip(src, at)], pageData: true });
  cases.push(...(await noteCases(src, note)));
  return cases;
}
