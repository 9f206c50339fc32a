// Small synthetic kdump-compressed files for seeds, written with the test writer: every
// page codec, header versions 1/3/4/6, DISKDUMP, 32-bit layouts, both byte orders, zero
// page sharing, incomplete dumps, split parts and the flattened stream.
import {
  makeNote,
  writeFlattened,
  writeKdump,
  type KdumpPageSpec,
  type KdumpWriterOptions,
} from '../../../src/analysis/formats/test-support/kdump-writer';
import { buildElfCore } from '../../../src/analysis/formats/test-support/elf-writer';
import { prstatusDesc, slots } from '../../../src/analysis/formats/test-support/elf-writer';
import { VMCOREINFO_TEXT, prstatusNote, vmcoreinfoNote } from './synthetic-cores';

const PAGE = 4096;

function pageOf(pfn: number): Uint8Array {
  const p = new Uint8Array(PAGE);
  for (let i = 0; i < PAGE; i++) p[i] = (i % 64 < 32 ? pfn : i * 7) & 0xff;
  return p;
}

function options(extra: Partial<KdumpWriterOptions> = {}): KdumpWriterOptions {
  const le = extra.littleEndian ?? true;
  const pages = new Map<number, KdumpPageSpec>();
  const codecs = ['none', 'zlib', 'lzo', 'snappy'] as const;
  for (let p = 1; p < 9; p++) pages.set(p, { data: pageOf(p), codec: codecs[p % 4] });
  pages.set(9, { data: new Uint8Array(PAGE).fill(0xab), codec: 'zstd' });
  for (let p = 10; p < 14; p++) pages.set(p, { data: new Uint8Array(PAGE) });
  for (let p = 40; p < 44; p++) pages.set(p, { data: pageOf(p), codec: 'zlib' });
  const prstatus = prstatusDesc(305, slots(27, 0xffffffff81000000n), 8, le);
  const notes = Uint8Array.from([...makeNote('CORE', 1, prstatus, le), ...makeNote('CORE', 1, prstatus, le)]);
  return {
    maxPfn: 64,
    ram: [
      [1, 30],
      [40, 60],
    ],
    pages,
    zeroPage: true,
    notes,
    vmcoreinfo: VMCOREINFO_TEXT,
    status: 0x1,
    nrCpus: 2,
    physBase: 0x1600000n,
    utsname: { sysname: 'Linux', nodename: 'fuzz', release: '6.1.0-56-cloud-amd64', version: '#1 SMP', machine: 'x86_64', domainname: '(none)' },
    ...extra,
  };
}

export interface SyntheticDump {
  label: string;
  files: { name: string; bytes: Uint8Array }[];
}

const one = (label: string, bytes: Uint8Array): SyntheticDump => ({ label, files: [{ name: 'vmcore', bytes }] });

export function syntheticKdumps(): SyntheticDump[] {
  const incomplete = options({ status: 0x8 | 0x1 });
  incomplete.pages.set(3, { unwritten: true });
  return [
    one('synthetic-kdump-v6', writeKdump(options()).bytes),
    one('synthetic-kdump-v4-be', writeKdump(options({ headerVersion: 4, littleEndian: false })).bytes),
    one('synthetic-kdump-v3', writeKdump(options({ headerVersion: 3, notes: undefined })).bytes),
    one('synthetic-kdump-v1-nozero', writeKdump(options({ headerVersion: 1, zeroPage: false, notes: undefined, vmcoreinfo: undefined })).bytes),
    one('synthetic-kdump-32pack', writeKdump(options({ layout: '32pack' })).bytes),
    one('synthetic-kdump-16k-blocks', writeKdump(options({ blockSize: 16384 })).bytes),
    one('synthetic-kdump-incomplete', writeKdump(incomplete).bytes),
    one(
      'synthetic-diskdump',
      writeKdump({
        ...options({ signature: 'DISKDUMP', headerVersion: 1, singleBitmap: true, notes: undefined, vmcoreinfo: undefined }),
        tasks: [0xffff888000001000n, 0xffff888000002000n],
        currentCpu: 1,
        registerBlock: new Uint8Array(PAGE).fill(0x42),
      }).bytes,
    ),
  ];
}

export function syntheticFlattened(): SyntheticDump[] {
  const kdump = writeKdump(options()).bytes;
  // Records out of order and overlapping, as makedumpfile's cyclic writer produces.
  const records = [];
  for (let o = 0; o < kdump.length; o += 3000) records.push({ offset: o, size: Math.min(3000, kdump.length - o) });
  records.reverse();
  const elf = buildElfCore({ noteSegments: [[prstatusNote(1), vmcoreinfoNote()]], loads: [{ paddr: 0x1000n, data: pageOf(1) }] }).bytes;
  return [
    one('synthetic-flat-kdump', writeFlattened(kdump, { chunk: 4096 })),
    one('synthetic-flat-kdump-reversed', writeFlattened(kdump, { records })),
    one('synthetic-flat-no-end', writeFlattened(kdump, { chunk: 1500, endMarker: false })),
    one('synthetic-flat-elf', writeFlattened(elf, { chunk: 512 })),
  ];
}

export function syntheticSplits(): SyntheticDump[] {
  const ranges: [number, number][] = [
    [0, 20],
    [20, 41],
    [41, 64],
  ];
  const parts = (o: KdumpWriterOptions) => ranges.map(([start, end], i) => ({ name: `vmcore.part${i}`, bytes: writeKdump({ ...o, split: { start, end } }).bytes }));
  return [
    { label: 'synthetic-split-3', files: parts(options()) },
    { label: 'synthetic-split-missing-part', files: parts(options()).slice(0, 2) },
  ];
}
