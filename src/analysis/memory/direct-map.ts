// The direct map: all RAM mapped linearly at page_offset_base, so `__va(pa) = pa +
// PAGE_OFFSET` and `__pa(va) = va - PAGE_OFFSET` (arch/x86/include/asm/page.h __va,
// page_64.h __phys_addr_nodebug). On x86_64 page_offset_base is randomized by
// CONFIG_RANDOMIZE_MEMORY (arch/x86/mm/kaslr.c) and is not in VMCOREINFO: read the
// variable through its symbol, or derive it from the dump (ELF segments, page tables).
import type { VirtualSegment } from '../formats/dump-image';

export class DirectMap {
  /**
   * `pageOffsetBase`: PAGE_OFFSET. `span`: bytes mapped (max physical address + 1),
   * when known; without it every address at or above the base counts as direct-mapped.
   */
  constructor(
    readonly pageOffsetBase: bigint,
    readonly span?: bigint,
  ) {}

  /** `__va`: the direct-map address of a physical address. */
  __va(paddr: bigint): bigint {
    return this.pageOffsetBase + paddr;
  }

  /** `__pa` for a direct-map address; undefined when `vaddr` is outside the direct map. */
  __pa(vaddr: bigint): bigint | undefined {
    return this.contains(vaddr) ? vaddr - this.pageOffsetBase : undefined;
  }

  contains(vaddr: bigint): boolean {
    if (vaddr < this.pageOffsetBase) return false;
    return this.span === undefined || vaddr - this.pageOffsetBase < this.span;
  }
}

/**
 * PAGE_OFFSET from a kernel-made ELF vmcore: every RAM PT_LOAD outside the kernel image
 * has `p_vaddr = page_offset_base + p_paddr` (makedumpfile arch/x86_64.c
 * get_page_offset_x86_64). `isImage` tells the kernel-image segments apart; segments with
 * a user-half vaddr (QEMU writes 0, or the physical address, with paging=false) are
 * ignored. Undefined when there is no such segment or they disagree.
 */
export function pageOffsetFromSegments(
  segs: readonly VirtualSegment[],
  isImage: (vaddr: bigint) => boolean,
): bigint | undefined {
  let found: bigint | undefined;
  for (const s of segs) {
    if (s.vaddr >> 63n === 0n || isImage(s.vaddr) || s.vaddr < s.paddr) continue;
    const base = s.vaddr - s.paddr;
    if (found !== undefined && found !== base) return undefined;
    found = base;
  }
  return found;
}
