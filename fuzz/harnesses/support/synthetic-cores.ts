// Small synthetic ELF vmcores for seeds, written with the test writer: the shapes the
// kernel, makedumpfile -E and QEMU produce, in both classes and byte orders.
import {
  buildElfCore,
  pattern,
  prpsinfoDesc,
  prstatusDesc,
  qemuCpuStateDesc,
  slots,
  textDesc,
  type CoreSpec,
  type NoteSpec,
} from '../../../src/analysis/formats/test-support/elf-writer';

export const VMCOREINFO_TEXT = [
  'OSRELEASE=6.1.0-56-cloud-amd64',
  'BUILD-ID=3b43fad5034874490492495d552c0af6a5fab235',
  'PAGESIZE=4096',
  'SYMBOL(init_uts_ns)=ffffffffac612f60',
  'SYMBOL(_stext)=ffffffffab000000',
  'OFFSET(list_head.next)=0',
  'SIZE(page)=64',
  'LENGTH(zone.free_area)=11',
  'NUMBER(phys_base)=-570425344',
  'NUMBER(pgtable_l5_enabled)=0',
  'KERNELOFFSET=2b000000',
  'CONFIG_X86_PAE=n',
  'CRASHTIME=1795400000',
  '',
].join('\n');

export const vmcoreinfoNote = (text = VMCOREINFO_TEXT): NoteSpec => ({ name: 'VMCOREINFO', type: 0, desc: textDesc(text) });

export const prstatusNote = (pid: number, wordSize: 4 | 8 = 8, le = true): NoteSpec => ({
  name: 'CORE',
  type: 1,
  desc: prstatusDesc(pid, slots(wordSize === 8 ? 27 : 17, 0xffffffff81000000n), wordSize, le),
});

export const qemuNote = (le = true): NoteSpec => ({
  name: 'QEMU',
  type: 0,
  desc: qemuCpuStateDesc(
    {
      gprs: slots(18, 0x1000n),
      segments: Array.from({ length: 10 }, (_, i) => ({ selector: i * 8, limit: 0xffff, flags: 0xa09b, base: BigInt(i) << 12n })),
      cr: [0x80050033n, 0n, 0x7ffff000n, 0x1234000n, 0x3606f0n],
      kernelGsBase: 0xffff888000000000n,
    },
    le,
  ),
});

export const prpsinfoNote = (is64: boolean, le = true): NoteSpec => ({
  name: 'CORE',
  type: 3,
  desc: prpsinfoDesc(
    { state: 0, sname: 'R', nice: 0, flag: 0x400100n, uid: 0, gid: 0, pid: 305, ppid: 1, pgrp: 305, sid: 1, fname: 'crashme', psargs: 'crashme' },
    is64,
    le,
  ),
});

const DIRECT = 0xffff888000000000n;

function kernelCore(is64: boolean, le: boolean): CoreSpec {
  const ws = is64 ? 8 : 4;
  return {
    is64,
    littleEndian: le,
    machine: is64 ? 62 : 3,
    noteSegments: [[prstatusNote(1, ws, le), prstatusNote(2, ws, le), vmcoreinfoNote()]],
    loads: [
      { paddr: 0x1000n, vaddr: is64 ? DIRECT + 0x1000n : 0xc0001000n, data: pattern(0x2000, 1) },
      { paddr: 0x3000n, vaddr: is64 ? DIRECT + 0x3000n : 0xc0003000n, data: pattern(0x1000, 2), memsz: 0x3000n },
      { paddr: 0x10000n, vaddr: 0n, data: pattern(0x1000, 3) },
    ],
  };
}

export function syntheticCores(): { label: string; bytes: Uint8Array }[] {
  const out: { label: string; bytes: Uint8Array }[] = [];
  for (const is64 of [true, false]) {
    for (const le of [true, false]) out.push({ label: `synthetic-elf${is64 ? 64 : 32}-${le ? 'le' : 'be'}`, bytes: buildElfCore(kernelCore(is64, le)).bytes });
  }
  out.push({
    label: 'synthetic-qemu-pnxnum',
    bytes: buildElfCore({
      pnXnum: true,
      noteSegments: [[prstatusNote(1), qemuNote(), prstatusNote(2), qemuNote(), vmcoreinfoNote()]],
      loads: [
        { paddr: 0n, data: pattern(0x2000, 4) },
        { paddr: 0x100000n, data: pattern(0x1000, 5) },
      ],
    }).bytes,
  });
  out.push({
    label: 'synthetic-kernel-text-alias',
    bytes: buildElfCore({
      flags: 1,
      noteSegments: [[prstatusNote(1), prpsinfoNote(true)], [vmcoreinfoNote()]],
      loads: [
        { paddr: 0x1000000n, vaddr: 0xffffffff81000000n, data: pattern(0x2000, 6) },
        { paddr: 0x1000000n, vaddr: DIRECT + 0x1000000n, data: pattern(0x2000, 6), memsz: 0x4000n },
      ],
    }).bytes,
  });
  return out;
}
