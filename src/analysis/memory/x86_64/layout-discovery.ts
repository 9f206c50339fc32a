// Finding the randomized x86_64 region bases without their variables (page_offset_base,
// vmalloc_base, vmemmap_base are not in VMCOREINFO). The clean source is the variables
// themselves, read through their symbols; these are the fallbacks.
//
// arch/x86/mm/kaslr.c kernel_randomize_memory: the direct map, vmalloc and vmemmap
// regions keep that order, each base is PUD (1 GiB) aligned and the first starts at or
// above __PAGE_OFFSET_BASE_L4/L5 (page_64_types.h); nothing else is mapped between them.
import { readU64, type AddressSpace } from '../address-space';
import type { VmcoreInfoView } from '../vmcoreinfo-view';
import type { PageTableWalker } from './page-walk';
import { PUD_SIZE, START_KERNEL_MAP, levelShift } from './pgtable-types';

/** __PAGE_OFFSET_BASE_L4 / __PAGE_OFFSET_BASE_L5 (arch/x86/include/asm/page_64_types.h). */
export const pageOffsetBaseDefault = (levels: 4 | 5): bigint =>
  levels === 5 ? 0xff11_0000_0000_0000n : 0xffff_8880_0000_0000n;

const roundDown = (v: bigint, a: bigint) => v & ~(a - 1n);
const roundUp = (v: bigint, a: bigint) => roundDown(v + a - 1n, a);

/**
 * The lowest mapped virtual address in [from, to) and its physical address. Skips every
 * non-present entry's whole span, so the cost is bounded by the tables' entries visited.
 */
export async function firstMapped(
  walker: PageTableWalker,
  from: bigint,
  to: bigint,
): Promise<{ vaddr: bigint; paddr: bigint } | undefined> {
  let va = from;
  while (va < to) {
    const w = await walker.walk(va);
    if (w.mapping) return { vaddr: va, paddr: w.mapping.paddr };
    if (!w.notPresentAt) return undefined; // non-canonical: nothing further is mapped
    const span = 1n << levelShift(w.notPresentAt, walker.levels);
    va = roundDown(va, span) + span;
  }
  return undefined;
}

/** page_offset_base: the lowest mapping at or above __PAGE_OFFSET_BASE is the direct map. */
export async function discoverPageOffsetBase(walker: PageTableWalker): Promise<bigint | undefined> {
  const hit = await firstMapped(walker, pageOffsetBaseDefault(walker.levels), START_KERNEL_MAP);
  if (!hit) return undefined;
  const base = hit.vaddr - hit.paddr;
  return base % PUD_SIZE === 0n && base >= pageOffsetBaseDefault(walker.levels) ? base : undefined;
}

/**
 * vmalloc_base: the PUD-aligned start of the first mapping past the direct map (which
 * spans `directMapSpan` bytes: the highest physical address) and below vmemmap_base.
 * Holds when something is mapped in the first GiB of vmalloc space, as early vmalloc
 * and ioremap allocations are (alloc_vmap_area searches bottom-up).
 */
export async function discoverVmallocBase(
  walker: PageTableWalker,
  pageOffsetBase: bigint,
  directMapSpan: bigint,
  vmemmapBase: bigint,
): Promise<bigint | undefined> {
  const hit = await firstMapped(
    walker,
    pageOffsetBase + roundUp(directMapSpan, PUD_SIZE),
    vmemmapBase,
  );
  return hit && roundDown(hit.vaddr, PUD_SIZE);
}

/**
 * vmalloc_base from VMCOREINFO SYMBOL(vmap_area_list): the list is sorted by address, so
 * its first vmap_area's va_start lies in the first GiB of the region; round down to PUD.
 */
export async function vmallocBaseFromVmapAreaList(
  space: AddressSpace,
  info: VmcoreInfoView,
): Promise<bigint | undefined> {
  const head = info.symbol('vmap_area_list');
  const listOff = info.offset('vmap_area.list');
  const startOff = info.offset('vmap_area.va_start');
  if (head === undefined || listOff === undefined || startOff === undefined) return undefined;
  const next = await readU64(space, head);
  if (next === head || next === 0n) return undefined;
  const vaStart = await readU64(space, next - BigInt(listOff) + BigInt(startOff));
  return vaStart === 0n ? undefined : roundDown(vaStart, PUD_SIZE);
}

/**
 * vmemmap_base from any present mem_section: section_mem_map holds
 * `mem_map - section_start_pfn` (mm/sparse.c sparse_encode_mem_map) with flag bits in
 * the low bits (SECTION_MARKED_PRESENT = bit 0, SECTION_MAP_LAST_BIT ≤ 6), so with
 * vmemmap it decodes to vmemmap_base for every section. SPARSEMEM_EXTREME layout:
 * SYMBOL(mem_section) is the value of the pointer to LENGTH(mem_section) root pointers,
 * each to PAGE_SIZE / SIZE(mem_section) sections (include/linux/mmzone.h
 * SECTIONS_PER_ROOT; makedumpfile makedumpfile.c section_mem_map_addr).
 */
export async function vmemmapBaseFromMemSection(
  space: AddressSpace,
  info: VmcoreInfoView,
  pageSize = 4096,
): Promise<bigint | undefined> {
  const memSection = info.symbol('mem_section');
  const roots = info.length('mem_section');
  const secSize = info.size('mem_section');
  const mapOff = info.offset('mem_section.section_mem_map');
  if (memSection === undefined || roots === undefined || !secSize || mapOff === undefined)
    return undefined;
  const perRoot = Math.floor(pageSize / secSize);
  // The first roots cover low memory, where x86 always has RAM; a few suffice.
  for (let r = 0; r < Math.min(roots, 4); r++) {
    const root = await readU64(space, memSection + BigInt(r) * 8n);
    if (root === 0n) continue;
    for (let i = 0; i < perRoot; i++) {
      const map = await readU64(space, root + BigInt(i * secSize + mapOff));
      if ((map & 1n) === 0n) continue; // !SECTION_MARKED_PRESENT
      const base = roundDown(map, BigInt(pageSize));
      return base >> 63n === 1n ? base : undefined;
    }
  }
  return undefined;
}
