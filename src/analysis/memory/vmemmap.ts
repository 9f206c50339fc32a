// SPARSEMEM_VMEMMAP: the struct page array is virtually contiguous at vmemmap_base, so
// `pfn_to_page(pfn) = vmemmap + pfn` and `page_to_pfn(page) = page - vmemmap`
// (include/asm-generic/memory_model.h __pfn_to_page). The element size is VMCOREINFO
// SIZE(page). x86_64's vmemmap_base is randomized (arch/x86/mm/kaslr.c).

export class Vmemmap {
  constructor(
    readonly base: bigint,
    /** SIZE(page): sizeof(struct page), 64 on common configs. */
    readonly pageStructSize: number,
    readonly pageShift = 12n,
  ) {
    if (!(pageStructSize > 0))
      throw new RangeError(`SIZE(page) must be positive, got ${pageStructSize}`);
  }

  /** `pfn_to_page`: address of the struct page of a page frame. */
  pfnToPage(pfn: bigint): bigint {
    return this.base + pfn * BigInt(this.pageStructSize);
  }

  /**
   * `page_to_pfn`: the page frame a struct page address describes; undefined when the
   * address is below vmemmap_base or not at the start of a struct page.
   */
  pageToPfn(page: bigint): bigint | undefined {
    const off = page - this.base;
    const size = BigInt(this.pageStructSize);
    if (off < 0n || off % size !== 0n) return undefined;
    return off / size;
  }

  /** `phys_to_page`: struct page of the frame holding `paddr`. */
  physToPage(paddr: bigint): bigint {
    return this.pfnToPage(paddr >> this.pageShift);
  }

  /** `page_to_phys`: physical base of the frame a struct page describes. */
  pageToPhys(page: bigint): bigint | undefined {
    const pfn = this.pageToPfn(page);
    return pfn === undefined ? undefined : pfn << this.pageShift;
  }
}
