// Bootstraps the x86_64 kernel's address space from a dump: paging depth, phys_base,
// the page-table root (init_top_pgt), then the randomized region bases (direct map,
// vmalloc, vmemmap) and per-CPU offsets. Every value records where it came from.
//
// Order of the sources, best first:
//  levels:         input, VMCOREINFO NUMBER(pgtable_l5_enabled), CR4.LA57 (bit 12)
//  phys_base:      input, VMCOREINFO NUMBER(phys_base), kdump sub-header, ELF text PT_LOAD,
//                  CR3 walk of SYMBOL(init_top_pgt)
//  root:           SYMBOL(init_top_pgt) (= swapper_pg_dir) through phys_base, else CR3
//  region bases:   input, the variable through its symbol, then the dump (region-bases.ts)
import { UnsupportedError, type Warning } from '../../errors';
import type { DumpImage } from '../../formats/dump-image';
import type { AddressSpace } from '../address-space';
import type { DirectMap } from '../direct-map';
import { PerCpu } from '../per-cpu';
import { PhysicalAddressSpace } from '../physical-space';
import { rd64, type RdResult } from '../rd';
import type { VmcoreInfoView } from '../vmcoreinfo-view';
import { VirtualAddressSpace } from '../virtual-space';
import type { Vmemmap } from '../vmemmap';
import { kernelImageToPhys, resolvePhysBase } from './kaslr';
import { PageTableWalker } from './page-walk';
import { PTE_PFN_MASK, hex } from './pgtable-types';
import { checkRootAgainstCr3, physBaseFromCr3 } from './cr3';
import {
  resolveRegionBases,
  type Known,
  type RegionBaseInput,
  type RegionBases,
} from './region-bases';
import { vtop, type VtopResult } from './vtop';

/** What the caller may already know (from symbols, the user, or CPU notes). */
export interface KernelMemoryInput extends RegionBaseInput {
  physBase?: bigint;
  levels?: 4 | 5;
  /** A CPU's CR3 and CR4 (QEMU "QEMU" note): cross-check, or root without VMCOREINFO. */
  cr3?: bigint;
  cr4?: bigint;
  tlbEntries?: number;
}

/** CR4.LA57: 57-bit linear addresses, 5-level paging (arch/x86/include/uapi/asm/processor-flags.h). */
const X86_CR4_LA57 = 1n << 12n;

export class KernelMemory {
  readonly physical: AddressSpace;
  readonly virtual: VirtualAddressSpace;
  readonly perCpu: PerCpu;
  readonly directMap?: Known<DirectMap>;
  readonly vmemmap?: Known<Vmemmap>;
  readonly vmallocBase?: Known<bigint>;

  constructor(
    readonly image: DumpImage,
    readonly walker: PageTableWalker,
    /** Virtual address of the top table (init_top_pgt); the root's physical address when unknown. */
    readonly pgdDirectory: bigint,
    readonly physBase: Known<bigint> | undefined,
    readonly kaslrOffset: bigint | undefined,
    regions: RegionBases,
    perCpuOffsetAddress: bigint | undefined,
    readonly warnings: Warning[],
  ) {
    this.directMap = regions.directMap;
    this.vmemmap = regions.vmemmap;
    this.vmallocBase = regions.vmallocBase;
    this.physical = new PhysicalAddressSpace(image);
    this.virtual = new VirtualAddressSpace(image, walker);
    this.perCpu = new PerCpu(this.virtual, perCpuOffsetAddress);
  }

  get levels(): 4 | 5 {
    return this.walker.levels;
  }

  vtop(vaddr: bigint): Promise<VtopResult> {
    return vtop(this.walker, vaddr, {
      pgdDirectory: this.pgdDirectory,
      vmemmap: this.vmemmap?.value,
    });
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
  const levels = pagingLevels(info, input);
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
  let physBase: Known<bigint> | undefined = pb.physBase && {
    value: pb.physBase.value,
    source: pb.physBase.source,
  };
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
  const regions = await resolveRegionBases(image, info, input, walker, virt, warnings);
  return new KernelMemory(
    image,
    walker,
    pgdDirectory,
    physBase,
    info?.kernelOffset,
    regions,
    sym('__per_cpu_offset'),
    warnings,
  );
}

/** Feature detection: NUMBER(pgtable_l5_enabled) when exported, else CR4.LA57. */
function pagingLevels(info: VmcoreInfoView | null, input: KernelMemoryInput): 4 | 5 {
  if (input.levels) return input.levels;
  const l5 = info?.number('pgtable_l5_enabled');
  if (l5 !== undefined) return l5 === 1n ? 5 : 4;
  return input.cr4 !== undefined && (input.cr4 & X86_CR4_LA57) !== 0n ? 5 : 4;
}

/** init_top_pgt lies in the kernel image: walking its own address must lead back to it. */
async function checkImageMapping(
  walker: PageTableWalker,
  pgdVa: bigint,
  warnings: Warning[],
): Promise<void> {
  try {
    const { paddr } = await walker.translate(pgdVa);
    if (paddr !== walker.root) {
      warnings.push({
        code: 'PHYS_BASE_MISMATCH',
        message: `init_top_pgt 0x${hex(pgdVa)} maps to physical 0x${hex(paddr)} in the page tables, but phys_base puts it at 0x${hex(walker.root)}`,
      });
    }
  } catch (e) {
    warnings.push({
      code: 'PHYS_BASE_MISMATCH',
      message: `init_top_pgt does not map itself: ${String(e)}`,
    });
  }
}
