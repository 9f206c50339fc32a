import { describe, expect, it } from 'vitest';
import { DirectMap, pageOffsetFromSegments } from './direct-map';
import { Vmemmap } from './vmemmap';

const isImage = (v: bigint) => v >= 0xffffffff80000000n;

describe('DirectMap (__va / __pa)', () => {
  it('maps physical addresses linearly at page_offset_base', () => {
    const dm = new DirectMap(0xffff8c3840000000n, 0x40000000n);
    expect(dm.__va(0x2360000n)).toBe(0xffff8c3842360000n);
    expect(dm.__pa(0xffff8c3842360000n)).toBe(0x2360000n);
    expect(dm.__pa(0xffff8c3780000000n)).toBeUndefined();
    expect(dm.contains(0xffff8c3880000000n)).toBe(false); // past the span
  });

  it('reads page_offset_base off kernel-made ELF segments', () => {
    const segs = [
      { vaddr: 0xffffffffac000000n, paddr: 0xa000000n, size: 0x2830000n },
      { vaddr: 0xffff8c3840100000n, paddr: 0x100000n, size: 0x9ff000n },
      { vaddr: 0xffff8c3841000000n, paddr: 0x1000000n, size: 0x1000000n },
    ];
    expect(pageOffsetFromSegments(segs, isImage)).toBe(0xffff8c3840000000n);
    // QEMU paging=false: vaddr 0.
    expect(
      pageOffsetFromSegments([{ vaddr: 0n, paddr: 0n, size: 0xa0000n }], isImage),
    ).toBeUndefined();
    expect(
      pageOffsetFromSegments(
        [segs[1]!, { vaddr: 0xffff888000000000n, paddr: 0n, size: 1n }],
        isImage,
      ),
    ).toBeUndefined();
  });
});

describe('Vmemmap (pfn_to_page / page_to_pfn)', () => {
  it('indexes struct page by pfn with SIZE(page)', () => {
    const vm = new Vmemmap(0xfffff13bc0000000n, 64);
    expect(vm.pfnToPage(0x2360n)).toBe(0xfffff13bc008d800n); // crash vtop of the panic task
    expect(vm.physToPage(0xba1aa40n)).toBe(0xfffff13bc02e8680n); // crash vtop of init_task
    expect(vm.pageToPfn(0xfffff13bc008d800n)).toBe(0x2360n);
    expect(vm.pageToPhys(0xfffff13bc008d800n)).toBe(0x2360000n);
    expect(vm.pageToPfn(0xfffff13bc008d801n)).toBeUndefined();
    expect(vm.pageToPfn(0xfffff13bbfffffc0n)).toBeUndefined();
    expect(() => new Vmemmap(0n, 0)).toThrow(RangeError);
  });
});
