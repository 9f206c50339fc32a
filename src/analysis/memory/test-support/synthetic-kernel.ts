// A tiny synthetic x86_64 kernel memory image for bootstrap tests, laid out like the
// run-kdump fixture (same KASLR offset, phys_base, region bases): kernel image mapped
// with 2 MiB pages, direct map with one 1 GiB page, a vmalloc page, vmemmap, the region
// base variables, __per_cpu_offset, mem_section and vmap_area_list, and VMCOREINFO text.
import { VmcoreInfo } from '../../formats/notes/vmcoreinfo';
import { PageTableWriter } from './page-table-writer';
import { SyntheticMemory } from './synthetic-memory';

const MiB = 1n << 20n;
const GiB = 1n << 30n;

export const K = {
  kaslrOffset: 0x2b000000n,
  text: 0xffffffffac000000n,
  physBase: 0xffffffffde000000n, // NUMBER(phys_base)=-570425344
  textPhys: 0xa000000n,
  initTopPgt: 0xffffffffada10000n,
  initTask: 0xffffffffada1aa40n,
  vmemmapBaseVar: 0xffffffffad398470n,
  vmallocBaseVar: 0xffffffffad398478n,
  pageOffsetBaseVar: 0xffffffffad398480n,
  perCpuOffset: 0xffffffffad39eb60n,
  vmapAreaList: 0xffffffffad9f0000n,
  pageOffsetBase: 0xffff8c3840000000n,
  vmallocBase: 0xffffd0db40000000n,
  vmemmapBase: 0xfffff13bc0000000n,
  stack: 0xffffd0db403e8000n,
  stackPhys: 0x3fefb000n,
  cpuOffsets: [0xffff8c387e800000n, 0xffff8c387e900000n],
  memSectionPhys: 0x2000000n,
  vmapAreaPhys: 0x2002000n,
};

export interface SyntheticKernelOptions {
  levels?: 4 | 5;
  /** Leave out lines of VMCOREINFO (exact key, e.g. "NUMBER(phys_base)"). */
  omit?: string[];
  /** Direct-map base (default: the fixture's). */
  pageOffsetBase?: bigint;
}

export function imageToPhys(va: bigint): bigint {
  return va - K.text + K.textPhys;
}

export function buildSyntheticKernel(opts: SyntheticKernelOptions = {}) {
  const levels = opts.levels ?? 4;
  const pob = opts.pageOffsetBase ?? K.pageOffsetBase;
  const mem = new SyntheticMemory(GiB);
  const pt = new PageTableWriter(mem, levels, 0x1000000n, imageToPhys(K.initTopPgt));
  for (let off = 0n; off < 32n * MiB; off += 2n * MiB)
    pt.map(K.text + off, K.textPhys + off, 2n * MiB);
  pt.map(pob, 0n, GiB);
  pt.map(K.stack, K.stackPhys, 4096n);
  pt.map(K.vmemmapBase, 0x3000000n, 2n * MiB);

  const img = (va: bigint, v: bigint) => mem.writeU64(imageToPhys(va), v);
  img(K.pageOffsetBaseVar, pob);
  img(K.vmallocBaseVar, K.vmallocBase);
  img(K.vmemmapBaseVar, K.vmemmapBase);
  K.cpuOffsets.forEach((o, i) => img(K.perCpuOffset + BigInt(i) * 8n, o));
  img(K.initTask, 0x4000n);
  // mem_section → root 0 → section 0 (section_mem_map = vmemmap | present/has-map/online/early).
  mem.writeU64(K.memSectionPhys, pob + K.memSectionPhys + 0x1000n);
  mem.writeU64(K.memSectionPhys + 0x1000n, K.vmemmapBase | 0xfn);
  // vmap_area_list → first vmap_area (va_start at 0, list at 40).
  img(K.vmapAreaList, pob + K.vmapAreaPhys + 40n);
  mem.writeU64(K.vmapAreaPhys, K.stack);
  mem.writeU64(K.stackPhys, 0x57ac6e9dn);

  const lines = [
    'OSRELEASE=6.1.0-56-cloud-amd64',
    'PAGESIZE=4096',
    `SYMBOL(init_top_pgt)=${K.initTopPgt.toString(16)}`,
    `SYMBOL(swapper_pg_dir)=${K.initTopPgt.toString(16)}`,
    `SYMBOL(mem_section)=${(pob + K.memSectionPhys).toString(16)}`,
    'LENGTH(mem_section)=2048',
    'SIZE(mem_section)=16',
    'OFFSET(mem_section.section_mem_map)=0',
    `SYMBOL(vmap_area_list)=${K.vmapAreaList.toString(16)}`,
    'OFFSET(vmap_area.va_start)=0',
    'OFFSET(vmap_area.list)=40',
    'SIZE(page)=64',
    'NUMBER(phys_base)=-570425344',
    `NUMBER(pgtable_l5_enabled)=${levels === 5 ? 1 : 0}`,
    'NUMBER(sme_mask)=0',
    `KERNELOFFSET=${K.kaslrOffset.toString(16)}`,
  ].filter((l) => !opts.omit?.some((k) => l.startsWith(`${k}=`)));
  const info = new VmcoreInfo(lines.join('\n') + '\n');
  return { mem, pt, info, image: mem.asDumpImage() };
}

/** Runtime symbol addresses as kallsyms would give them. */
export function syntheticSymbols(name: string): bigint | undefined {
  const table: Record<string, bigint> = {
    page_offset_base: K.pageOffsetBaseVar,
    vmalloc_base: K.vmallocBaseVar,
    vmemmap_base: K.vmemmapBaseVar,
    __per_cpu_offset: K.perCpuOffset,
    init_task: K.initTask,
    runqueues: 0x31980n,
  };
  return table[name];
}
