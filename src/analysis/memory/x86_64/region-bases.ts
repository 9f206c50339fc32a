// The randomized x86_64 region bases (arch/x86/mm/kaslr.c): page_offset_base (direct
// map), vmemmap_base and vmalloc_base, each with where it came from. Best first: the
// caller's value, the variable read through its symbol, then what the dump shows
// (ELF direct-map segments, VMCOREINFO mem_section / vmap_area_list, page tables).
import type { Warning } from '../../errors';
import type { DumpImage } from '../../formats/dump-image';
import { readU64, type AddressSpace } from '../address-space';
import { DirectMap, pageOffsetFromSegments } from '../direct-map';
import type { VmcoreInfoView } from '../vmcoreinfo-view';
import { Vmemmap } from '../vmemmap';
import { inKernelImage, type PhysBase } from './kaslr';
import {
  discoverPageOffsetBase,
  discoverVmallocBase,
  vmallocBaseFromVmapAreaList,
  vmemmapBaseFromMemSection,
} from './layout-discovery';
import type { PageTableWalker } from './page-walk';
import { hex } from './pgtable-types';

export type Provenance =
  PhysBase['source'] | 'symbol' | 'elf-segments' | 'page-tables' | 'mem_section' | 'vmap_area_list';

export interface Known<T> {
  value: T;
  source: Provenance;
}

export function known<T>(value: T | undefined, source: Provenance): Known<T> | undefined {
  return value === undefined ? undefined : { value, source };
}

export interface RegionBaseInput {
  pageOffsetBase?: bigint;
  vmemmapBase?: bigint;
  vmallocBase?: bigint;
  /** Runtime address of a kernel symbol (kallsyms, or vmlinux + KERNELOFFSET). */
  symbol?: (name: string) => bigint | undefined;
}

export interface RegionBases {
  directMap?: Known<DirectMap>;
  vmemmap?: Known<Vmemmap>;
  vmallocBase?: Known<bigint>;
}

export async function resolveRegionBases(
  image: DumpImage,
  info: VmcoreInfoView | null,
  input: RegionBaseInput,
  walker: PageTableWalker,
  space: AddressSpace,
  warnings: Warning[],
): Promise<RegionBases> {
  // A failed step leaves the base unknown and says why; it never stops the bootstrap.
  const attempt = async <T>(what: string, f: () => Promise<T | undefined>) => {
    try {
      return await f();
    } catch (e) {
      warnings.push({ code: 'LAYOUT_DISCOVERY', message: `${what}: ${String(e)}` });
      return undefined;
    }
  };
  const readVar = async (name: string) => {
    const a = input.symbol?.(name);
    return a === undefined ? undefined : attempt(`${name} at 0x${hex(a)}`, () => readU64(space, a));
  };
  const maxPhys = image.physRanges.reduce((m, r) => (r.end > m ? r.end : m), 0n);

  const pob =
    known(input.pageOffsetBase, 'input') ??
    known(await readVar('page_offset_base'), 'symbol') ??
    known(
      pageOffsetFromSegments(image.virtualSegments, (v) => inKernelImage(v)),
      'elf-segments',
    ) ??
    known(await attempt('page_offset_base', () => discoverPageOffsetBase(walker)), 'page-tables');

  let vmemmapBase =
    known(input.vmemmapBase, 'input') ?? known(await readVar('vmemmap_base'), 'symbol');
  if (!vmemmapBase && info) {
    const f = () => vmemmapBaseFromMemSection(space, info, image.pageSize);
    vmemmapBase = known(await attempt('vmemmap_base', f), 'mem_section');
  }

  let vmalloc = known(input.vmallocBase, 'input') ?? known(await readVar('vmalloc_base'), 'symbol');
  if (!vmalloc && info) {
    const f = () => vmallocBaseFromVmapAreaList(space, info);
    vmalloc = known(await attempt('vmalloc_base', f), 'vmap_area_list');
  }
  if (!vmalloc && pob && vmemmapBase) {
    const f = () => discoverVmallocBase(walker, pob.value, maxPhys, vmemmapBase.value);
    vmalloc = known(await attempt('vmalloc_base', f), 'page-tables');
  }

  const pageStructSize = info?.size('page');
  return {
    directMap: pob && { value: new DirectMap(pob.value, maxPhys || undefined), source: pob.source },
    vmemmap:
      vmemmapBase && pageStructSize
        ? { value: new Vmemmap(vmemmapBase.value, pageStructSize), source: vmemmapBase.source }
        : undefined,
    vmallocBase: vmalloc,
  };
}
