import { describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../errors';
import { readU64 } from '../address-space';
import {
  K,
  buildSyntheticKernel,
  imageToPhys,
  syntheticSymbols,
} from '../test-support/synthetic-kernel';
import { kernelImageToPhys } from './kaslr';
import { openKernelMemory } from './kernel-memory';

describe('openKernelMemory (x86_64 bootstrap)', () => {
  it('bootstraps from VMCOREINFO alone and discovers the region bases', async () => {
    const { image, info } = buildSyntheticKernel();
    const km = await openKernelMemory(image, info);
    expect(km.levels).toBe(4);
    expect(km.physBase).toEqual({ value: K.physBase, source: 'vmcoreinfo' });
    expect(km.kaslrOffset).toBe(K.kaslrOffset);
    expect(km.pgdDirectory).toBe(K.initTopPgt);
    expect(km.walker.root).toBe(imageToPhys(K.initTopPgt));
    expect(km.directMap).toMatchObject({ source: 'page-tables' });
    expect(km.directMap?.value.pageOffsetBase).toBe(K.pageOffsetBase);
    expect(km.vmemmap?.value.base).toBe(K.vmemmapBase);
    expect(km.vmemmap?.source).toBe('mem_section');
    expect(km.vmallocBase).toEqual({ value: K.vmallocBase, source: 'vmap_area_list' });
    expect(km.warnings).toEqual([]);
  });

  it('prefers the variables read through symbols', async () => {
    const { image, info } = buildSyntheticKernel();
    const km = await openKernelMemory(image, info, { symbol: syntheticSymbols });
    expect(km.directMap?.source).toBe('symbol');
    expect(km.vmemmap?.source).toBe('symbol');
    expect(km.vmallocBase).toEqual({ value: K.vmallocBase, source: 'symbol' });
    expect(km.directMap?.value.__va(0x2360000n)).toBe(K.pageOffsetBase + 0x2360000n);
    expect(km.directMap?.value.__pa(K.pageOffsetBase + 0x2360000n)).toBe(0x2360000n);
  });

  it('accepts region bases as input', async () => {
    const { image, info } = buildSyntheticKernel();
    const km = await openKernelMemory(image, info, {
      pageOffsetBase: K.pageOffsetBase,
      vmemmapBase: K.vmemmapBase,
      vmallocBase: K.vmallocBase,
    });
    expect([km.directMap?.source, km.vmemmap?.source, km.vmallocBase?.source]).toEqual([
      'input',
      'input',
      'input',
    ]);
  });

  it('translates kernel image addresses through the page tables, matching __pa_symbol', async () => {
    const { image, info } = buildSyntheticKernel();
    const km = await openKernelMemory(image, info);
    expect(await km.virtual.translate(K.initTask)).toBe(kernelImageToPhys(K.initTask, K.physBase));
    expect(kernelImageToPhys(K.initTask, K.physBase)).toBe(0xba1aa40n);
    expect(await readU64(km.virtual, K.initTask)).toBe(0x4000n);
    expect((await km.rd(0xba1aa40n, 1, true)).words).toEqual([0x4000n]);
    expect((await km.rd(K.stack, 1)).words).toEqual([0x57ac6e9dn]);
  });

  it('finds vmalloc_base from the page tables without vmap_area_list', async () => {
    const { image, info } = buildSyntheticKernel({ omit: ['SYMBOL(vmap_area_list)'] });
    const km = await openKernelMemory(image, info);
    expect(km.vmallocBase).toEqual({ value: K.vmallocBase, source: 'page-tables' });
  });

  it('takes page_offset_base from the ELF direct-map segments', async () => {
    const { mem, info } = buildSyntheticKernel();
    const image = mem.asDumpImage({
      virtualSegments: [
        { vaddr: K.text, paddr: K.textPhys, size: 0x2000000n },
        { vaddr: K.pageOffsetBase + 0x100000n, paddr: 0x100000n, size: 0x1000000n },
      ],
    });
    const km = await openKernelMemory(image, info);
    expect(km.directMap?.source).toBe('elf-segments');
    expect(km.directMap?.value.pageOffsetBase).toBe(K.pageOffsetBase);
  });

  it('per_cpu_ptr adds __per_cpu_offset[cpu]', async () => {
    const { image, info } = buildSyntheticKernel();
    const km = await openKernelMemory(image, info, { symbol: syntheticSymbols });
    expect(await km.perCpuPtr(0x31980n, 1)).toBe(K.cpuOffsets[1]! + 0x31980n);
    expect(await km.perCpu.offset(0)).toBe(K.cpuOffsets[0]);
    await expect(km.perCpu.offset(-1)).rejects.toThrow(RangeError);
  });

  it('uses the kdump header phys_base without NUMBER(phys_base), and warns on disagreement', async () => {
    const { mem, info } = buildSyntheticKernel({ omit: ['NUMBER(phys_base)'] });
    const km = await openKernelMemory(mem.asDumpImage({ facts: { physBase: K.physBase } }), info);
    expect(km.physBase).toEqual({ value: K.physBase, source: 'kdump-header' });
    const full = buildSyntheticKernel();
    const km2 = await openKernelMemory(
      full.mem.asDumpImage({ facts: { physBase: 0n } }),
      full.info,
    );
    expect(km2.physBase?.source).toBe('vmcoreinfo');
    expect(km2.warnings.map((w) => w.code)).toContain('PHYS_BASE_MISMATCH');
  });

  it('cross-checks init_top_pgt against a CR3 (PCID bits and the PTI user bit ignored)', async () => {
    const { image, info } = buildSyntheticKernel();
    const root = imageToPhys(K.initTopPgt);
    const ok = await openKernelMemory(image, info, { cr3: root | 0x1000n | 0x5n });
    expect(ok.warnings).toEqual([]);
    const bad = await openKernelMemory(image, info, { cr3: 0x3000000n });
    expect(bad.warnings.map((w) => w.code)).toEqual(['CR3_MISMATCH']);
  });

  it('finds phys_base from CR3 when neither VMCOREINFO nor the header has it', async () => {
    const { image, info } = buildSyntheticKernel({ omit: ['NUMBER(phys_base)'] });
    const km = await openKernelMemory(image, info, { cr3: imageToPhys(K.initTopPgt) });
    expect(km.physBase).toEqual({ value: K.physBase, source: 'cr3' });
  });

  it('walks from CR3 without SYMBOL(init_top_pgt), and fails without any root', async () => {
    const { image, info } = buildSyntheticKernel({
      omit: ['SYMBOL(init_top_pgt)', 'SYMBOL(swapper_pg_dir)'],
    });
    const km = await openKernelMemory(image, info, { cr3: imageToPhys(K.initTopPgt) });
    expect(km.warnings.map((w) => w.code)).toEqual(['NO_INIT_TOP_PGT']);
    expect(await readU64(km.virtual, K.initTask)).toBe(0x4000n);
    await expect(openKernelMemory(image, info)).rejects.toThrow(UnsupportedError);
  });

  it('detects 5-level paging from NUMBER(pgtable_l5_enabled) and from CR4.LA57', async () => {
    const pob = 0xff11000040000000n;
    const { image, info } = buildSyntheticKernel({ levels: 5, pageOffsetBase: pob });
    const km = await openKernelMemory(image, info);
    expect(km.levels).toBe(5);
    expect(km.directMap?.value.pageOffsetBase).toBe(pob);
    const v = await km.vtop(pob + 0x2360000n);
    expect(v.entries.map((e) => e.level)).toEqual(['pgd', 'p4d', 'pud']);
    const noL5 = buildSyntheticKernel({
      levels: 5,
      pageOffsetBase: pob,
      omit: ['NUMBER(pgtable_l5_enabled)'],
    });
    const byCr4 = await openKernelMemory(noL5.image, noL5.info, { cr4: 1n << 12n });
    expect(byCr4.levels).toBe(5);
  });

  it('vtop gives the struct page from vmemmap', async () => {
    const { image, info } = buildSyntheticKernel();
    const km = await openKernelMemory(image, info);
    const v = await km.vtop(K.pageOffsetBase + 0x2360000n);
    expect(v.paddr).toBe(0x2360000n);
    expect(v.structPage).toBe(K.vmemmapBase + 0x2360n * 64n);
    expect(v.page).toEqual({ base: 0n, size: 1n << 30n });
  });
});
