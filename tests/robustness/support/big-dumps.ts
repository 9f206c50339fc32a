// Synthetic dumps of a real machine's pages in a huge physical address space: the pages
// the analysis of the in-repo sample reads (recorded through a DumpImage proxy), its
// notes, and RAM ranges extended to `memoryBytes`. The ELF variant is a sparse file (its
// RAM holes cost no disk); the kdump variant stores only the recorded pages, compressed.
import { open } from 'node:fs/promises';
import type { DumpImage } from '../../../src/analysis/formats/dump-image';
import { openDump } from '../../../src/analysis/formats/open-dump';
import { buildElfCore, encodeNotes } from '../../../src/analysis/formats/test-support/elf-writer';
import { writeKdump, type KdumpPageSpec } from '../../../src/analysis/formats/test-support/kdump-writer';
import { getKernelState } from '../../../src/analysis/helpers/linux/kernel-state';
import { openProgram } from '../../../src/analysis/program/open-program';
import { buildReport } from '../../../src/analysis/report/build-report';
import { openFileSource } from '../../../src/node/file-source';

const PAGE = 4096;
const GiB = 1n << 30n;

export interface RecordedMachine {
  notes: Uint8Array;
  /** RAM ranges [start, end) in bytes, page-aligned. */
  ram: [bigint, bigint][];
  /** Page contents by physical page address. */
  pages: Map<bigint, Uint8Array>;
  physBase?: bigint;
  image: Pick<DumpImage, 'facts'>;
}

/** Opens `path`, runs the session's steps (program, kernel state, report) and keeps every page they read. */
export async function recordMachine(path: string): Promise<RecordedMachine> {
  const src = await openFileSource(path);
  try {
    const image = await openDump([src]);
    const touched = new Set<bigint>();
    const proxy = new Proxy(image, {
      get(target, prop, receiver) {
        if (prop === 'readPhys') {
          return (paddr: bigint, length: number) => {
            for (let p = (paddr / BigInt(PAGE)) * BigInt(PAGE); p < paddr + BigInt(length); p += BigInt(PAGE)) touched.add(p);
            return target.readPhys(paddr, length);
          };
        }
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const program = await openProgram(proxy);
    await getKernelState(program, proxy);
    await buildReport(proxy);
    const pages = new Map<bigint, Uint8Array>();
    for (const p of [...touched].sort((a, b) => (a < b ? -1 : 1))) {
      if (image.pageState(p) !== 'present') continue;
      pages.set(p, (await image.readPhys(p, PAGE)).slice());
    }
    return {
      notes: encodeNotes(image.notes.map((n) => ({ name: n.name, type: n.type, desc: n.desc }))),
      ram: image.physRanges.map((r) => [r.start, r.end]),
      pages,
      physBase: image.facts.physBase,
      image,
    };
  } finally {
    await src.close();
  }
}

/** The machine's RAM below 4 GiB plus one range from 4 GiB, for `totalBytes` of RAM in all. */
export function ramOf(m: RecordedMachine, totalBytes: bigint): [bigint, bigint][] {
  const low = m.ram.filter(([s]) => s < 4n * GiB);
  const lowBytes = low.reduce((n, [s, e]) => n + (e - s), 0n);
  return [...low, [4n * GiB, 4n * GiB + totalBytes - lowBytes]];
}

/**
 * Writes a sparse ELF vmcore: headers and notes, one PT_LOAD (vaddr 0) per RAM range,
 * the recorded pages at their offsets and holes elsewhere. Returns the file size.
 */
export async function writeSparseElf(path: string, m: RecordedMachine, ram: [bigint, bigint][]): Promise<number> {
  // Headers and notes first; each PT_LOAD's data (p_filesz = p_memsz: zeros where nothing
  // was recorded) follows at a page-aligned p_offset set here.
  const loads = ram.map(([start, end]) => ({ paddr: start, data: new Uint8Array(0), memsz: end - start }));
  const head = buildElfCore({ rawNoteSegment: m.notes, loads }).bytes;
  const view = new DataView(head.buffer, head.byteOffset);
  const phoff = Number(view.getBigUint64(32, true));
  const dataAt: number[] = [];
  let offset = Math.ceil(head.length / PAGE) * PAGE;
  loads.forEach((l, i) => {
    const ph = phoff + (i + 1) * 56; // PT_NOTE first
    dataAt.push(offset);
    view.setBigUint64(ph + 8, BigInt(offset), true);
    view.setBigUint64(ph + 32, l.memsz, true);
    offset += Number(l.memsz);
  });
  const fh = await open(path, 'w');
  try {
    await fh.write(head, 0, head.length, 0);
    for (const [paddr, data] of m.pages) {
      const i = ram.findIndex(([s, e]) => paddr >= s && paddr < e);
      if (i >= 0) await fh.write(data, 0, data.length, dataAt[i]! + Number(paddr - ram[i]![0]));
    }
    await fh.truncate(offset);
  } finally {
    await fh.close();
  }
  return offset;
}

/** Writes a kdump-compressed file (zlib pages) of the recorded pages over `ram`. */
export async function writeBigKdump(path: string, m: RecordedMachine, ram: [bigint, bigint][]): Promise<number> {
  const pfn = (b: bigint) => Number(b / BigInt(PAGE));
  const pages = new Map<number, KdumpPageSpec>();
  for (const [paddr, data] of m.pages) pages.set(pfn(paddr), { data, codec: 'zlib' });
  const maxPfn = pfn(ram[ram.length - 1]![1]);
  const { bytes } = writeKdump({
    maxPfn,
    ram: ram.map(([s, e]) => [pfn(s), pfn(e)]),
    pages,
    notes: m.notes,
    status: 0x1,
    physBase: m.physBase,
    utsname: m.image.facts.utsname,
    nrCpus: 2,
    dumpLevel: 31,
  });
  const fh = await open(path, 'w');
  try {
    await fh.write(bytes, 0, bytes.length, 0);
  } finally {
    await fh.close();
  }
  return bytes.length;
}
