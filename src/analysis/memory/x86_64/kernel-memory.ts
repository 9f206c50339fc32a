// Bootstraps the x86_64 kernel's address space from a dump: paging depth, phys_base,
// the page-table root (init_top_pgt), then the randomized region bases (direct map,
// vmalloc, vmemmap) and per-CPU offsets. Every value records where it came from.
//
// Order of the sources, best first:
//  levels:         input, VMCOREINFO NUMBER(pgtable_l5_enabled), CR4.LA57 (bit 12)
//  phys_base:      input, VMCOREINFO NUMBER(phys_base), kdump sub-header, ELF text PT_LOAD,
//                  CR3 walk of SYMBOL(init_top_pgt)
//  root:           SYMBOL(init_top_pgt) (= swapper_pg_dir) through phys_base, else CR3
//  region bases:   input, the variable through its symbol, then the dump (see discover*)
import { UnsupportedError, type Warning } from '../../errors';
import type { DumpImage } from '../../formats/dump-image';
import { readU64, type AddressSpace } from '../address-space';
import { DirectMap, pageOffsetFromSegments } from '../direct-map';
import { PerCpu } from '../per-cpu';
import { PhysicalAddressSpace } from '../physical-space';
import { rd64, type RdResult } from '../rd';
import type { VmcoreInfoView } from '../vmcoreinfo-view';
import { VirtualAddressSpace } from '../virtual-space';
import { Vmemmap } from '../vmemmap';
import { inKernelImage, kernelImageToPhys, resolvePhysBase, type PhysBase } from './kaslr';
import {
  discoverPageOffsetBase,
  discoverVmallocBase,
  vmallocBaseFromVmapAreaList,
  vmemmapBaseFromMemSection,
} from './layout-discovery';
import { PageTableWalker } from './page-walk';
import { PTE_PFN_MASK, hex } from './pgtable-types';
import { checkRootAgainstCr3, physBaseFromCr3 } from './cr3';
import { vtop, type VtopResult } from './vtop';

/** What the caller may already know (from symbols, the user, or CPU notes). */
export interface KernelMemoryInput {
  pageOffsetBase?: bigint;
  vmemmapBase?: bigint;
  vmallocBase?: bigint;
  physBase?: bigint;
  levels?: 4 | 5;
  /** Runtime address of a kernel symbol (kallsyms, or vmlinux + KERNELOFFSET). */
  symbol?: (name: string) => bigint | undefined;
  /** A CPU's CR3 and CR4 (QEMU "QEMU" note): cross-check, or root without VMCOREINFO. */
  cr3?: bigint;
  cr4?: bigint;
  tlbEntries?: number;
}

export type Provenance =
  | PhysBase['source']
  | 'symbol'
  | 'elf-segments'
  | 'page-tables'
  | 'mem_section'
  | 'vmap_area_list'
  | 'default';

export interface Known<T> {
  value: T;
  source: Provenance;
}

/** CR4.LA57: 57-bit linear addresses, 5-level paging (arch/x86/include/uapi/asm/processor-flags.h). */
const X86_CR4_LA57 = 1n << 12n;

export class KernelMemory {
  readonly physical: AddressSpace;
  readonly virtual: VirtualAddressSpace;
  readonly perCpu: PerCpu;

  constructor(
    readonly image: DumpImage,
    readonly walker: PageTableWalker,
    /** Virtual address of the top table (init_top_pgt); the root's physical address when unknown. */
    readonly pgdDirectory: bigint,
    readonly physBase: Known<bigint> | undefined,
    readonly kaslrOffset: bigint | undefined,
    readonly directMap: Known<DirectMap> | undefined,
    readonly vmemmap: Known<Vmemmap> | undefined,
    readonly vmallocBase: Known<bigint> | undefined,
    perCpuOffsetAddress: bigint | undefined,
    readonly warnings: Warning[],
  ) {
    this.physical = new PhysicalAddressSpace(image);
    this.virtual = new VirtualAddressSpace(image, walker);
    this.perCpu = new PerCpu(this.virtual, perCpuOffsetAddress);
  }

  get levels(): 4 | 5 {
    return this.walker.levels;
  }

  vtop(vaddr: bigint): Promise<VtopResult> {
    return vtop(this.walker, vaddr, { pgdDirectory: this.pgdDirectory, vmemmap: this.vmemmap?.value });
  }

  rd(address: bigint, count: number, physical = false): Promise<RdResult> {
    return rd64(physical ? this.physical : this.virtual, address, count);
  }

  /** `per_cpu_ptr(address, cpu)`. */
  perCpuPtr(address: bigint, cpu: number): Promise<bigint> {
    return this.perCpu.ptr(address, cpu);
  }
}

export async function openKernelMemory(
  image: DumpImage,
  info: VmcoreInfoView | null,
  input: KernelMemoryInput = {},
): Promise<KernelMemory> {
  const warnings: Warning[] = [];
  const sym = (name: string) => input.symbol?.(name) ?? info?.symbol(name);
  const levels: 4 | 5 =
    input.levels ??
    (info?.number('pgtable_l5_enabled') !== undefined
      ? info.number('pgtable_l5_enabled') === 1n
        ? 5
        : 4
      : input.cr4 !== undefined && (input.cr4 & X86_CR4_LA57) !== 0n
        ? 5
        : 4);
  const smeMask = BigInt.asUintN(64, info?.number('sme_mask') ?? 0n);
  const walkerAt = (root: bigint) =>
    new PageTableWalker(image, { levels, root, smeMask, tlbEntries: input.tlbEntries });

  const pb = resolvePhysBase({
    input: input.physBase,
    vmcoreinfo: info?.number('phys_base'),
    kdumpHeader: image.facts.physBase,
    segments: image.virtualSegments,
  });
  warnings.push(...pb.warnings);
  let physBase: Known<bigint> | undefined = pb.physBase && { value: pb.physBase.value, source: pb.physBase.source };
  const pgdVa = sym('init_top_pgt') ?? sym('swapper_pg_dir');
  if (!physBase && pgdVa !== undefined && input.cr3 !== undefined) {
    const v = await physBaseFromCr3(walkerAt, input.cr3, pgdVa);
    if (v !== undefined) physBase = { value: v, source: 'cr3' };
  }

  let walker: PageTableWalker;
  let pgdDirectory: bigint;
  if (physBase && pgdVa !== undefined) {
    walker = walkerAt(kernelImageToPhys(pgdVa, physBase.value));
    pgdDirectory = pgdVa;
    await checkImageMapping(walker, pgdVa, warnings);
    if (input.cr3 !== undefined) {
      const w = await checkRootAgainstCr3(walkerAt, input.cr3, pgdVa, walker.root);
      if (w) warnings.push(w);
    }
  } else if (input.cr3 !== undefined) {
    walker = walkerAt(input.cr3 & PTE_PFN_MASK);
    pgdDirectory = walker.root;
    warnings.push({
      code: 'NO_INIT_TOP_PGT',
      message: `no ${pgdVa === undefined ? 'SYMBOL(init_top_pgt)' : 'phys_base'}: walking kernel page tables from CR3 0x${hex(input.cr3)}`,
    });
  } else {
    throw new UnsupportedError(
      'x86_64 page tables: neither SYMBOL(init_top_pgt) with phys_base nor a CR3 is available',
    );
  }

  const virt = new VirtualAddressSpace(image, walker);
  const readVar = async (name: string): Promise<bigint | undefined> => {
    const a = input.symbol?.(name);
    if (a === undefined) return undefined;
    try {
      return await readU64(virt, a);
    } catch (e) {
      warnings.push({ code: 'SYMBOL_READ', message: `cannot read ${name} at 0x${hex(a)}: ${String(e)}` });
      return undefined;
    }
  };
  const tryFind = async <T>(name: string, f: () => Promise<T | undefined>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (e) {
      warnings.push({ code: 'LAYOUT_DISCOVERY', message: `${name}: ${String(e)}` });
      return undefined;
    }
  };

  const maxPhys = image.physRanges.reduce((m, r) => (r.end > m ? r.end : m), 0n);
  let pob: Known<bigint> | undefined = known(input.pageOffsetBase, 'input') ?? known(await readVar('page_offset_base'), 'symbol') ??
    known(pageOffsetFromSegments(image.virtualSegments, (v) => inKernelImage(v)), 'elf-segments');
  pob ??= known(await tryFind('page_offset_base', () => discoverPageOffsetBase(walker)), 'page-tables');

  const pageSize = info?.size('page');
  let vmemmapBase: Known<bigint> | undefined =
    known(input.vmemmapBase, 'input') ?? known(await readVar('vmemmap_base'), 'symbol');
  if (!vmemmapBase && info) {
    vmemmapBase = known(await tryFind('vmemmap_base', () => vmemmapBaseFromMemSection(virt, info, image.pageSize)), 'mem_section');
  }

  let vmalloc: Known<bigint> | undefined = known(input.vmallocBase, 'input') ?? known(await readVar('vmalloc_base'), 'symbol');
  if (!vmalloc && info) vmalloc = known(await tryFind('vmalloc_base', () => vmallocBaseFromVmapAreaList(virt, info)), 'vmap_area_list');
  if (!vmalloc && pob && vmemmapBase) {
    const [p, m] = [pob.value, vmemmapBase.value];
    vmalloc = known(await tryFind('vmalloc_base', () => discoverVmallocBase(walker, p, maxPhys, m)), 'page-tables');
  }

  const directMap = pob && { value: new DirectMap(pob.value, maxPhys || undefined), source: pob.source };
  const vmemmap =
    vmemmapBase && pageSize
      ? { value: new Vmemmap(vmemmapBase.value, pageSize), source: vmemmapBase.source }
      : undefined;
  return new KernelMemory(
    image,
    walker,
    pgdDirectory,
    physBase,
    info?.kernelOffset,
    directMap,
    vmemmap,
    vmalloc,
    sym('__per_cpu_offset'),
    warnings,
  );
}

function known<T>(value: T | undefined, source: Provenance): Known<T> | undefined {
  return value === undefined ? undefined : { value, source };
}

/** init_top_pgt lies in the kernel image: walking its own address must lead back to it. */
async function checkImageMapping(walker: PageTableWalker, pgdVa: bigint, warnings: Warning[]): Promise<void> {
  try {
    const { paddr } = await walker.translate(pgdVa);
    if (paddr !== walker.root) {
      warnings.push({
        code: 'PHYS_BASE_MISMATCH',
        message: `init_top_pgt 0x${hex(pgdVa)} maps to physical 0x${hex(paddr)} in the page tables, but phys_base puts it at 0x${hex(walker.root)}`,
      });
    }
  } catch (e) {
    warnings.push({ code: 'PHYS_BASE_MISMATCH', message: `init_top_pgt does not map itself: ${String(e)}` });
  }
}
