// x86_64 kernel page tables (openKernelMemory: phys_base, init_top_pgt, 4/5 levels,
// region bases), then vtop and virtual reads of VMCOREINFO symbols and the direct map.
// Seeds: real dumps; the page-table pages are the hot ranges.
import { tolerate } from '../core/harness';
import { openKernelMemory } from '../../src/analysis/memory/x86_64/kernel-memory';
import { kernelHarness } from './support/kernel-harness';

const SYMBOLS = ['init_uts_ns', 'prb', 'node_online_map', 'swapper_pg_dir', 'mem_section', '_stext', 'init_top_pgt'];

export const harness = kernelHarness('page-tables', async (image, info, focus) => {
  focus();
  const memory = await openKernelMemory(image, info);
  const addrs = SYMBOLS.map((s) => info.symbol(s)).filter((a) => a !== undefined);
  const dm = memory.directMap?.value;
  for (const r of image.physRanges.slice(0, 3)) if (dm) addrs.push(dm.__va(r.start));
  if (memory.vmallocBase) addrs.push(memory.vmallocBase.value);
  for (const a of addrs) {
    await tolerate(() => memory.vtop(a));
    await tolerate(() => memory.virtual.read(a, 64));
    await tolerate(() => memory.rd(a, 4));
  }
});
