// kallsyms read from the dump's memory (loadKallsyms over the kernel image mapping,
// located by VMCOREINFO): the compressed names, token table, markers and addresses, then
// lookups and symbolization. Seeds: real dumps.
import { kallsymsLocationFrom } from '../../src/analysis/debuginfo/kallsyms/kallsyms-location';
import { loadKallsyms } from '../../src/analysis/debuginfo/kallsyms/kallsyms-source';
import { KernelImageSpace } from '../../src/analysis/memory/kernel-image-space';
import { resolvePhysBase } from '../../src/analysis/memory/x86_64/kaslr';
import { kernelHarness } from './support/kernel-harness';
import { querySymbols } from './support/query-symbols';

export const harness = kernelHarness('kallsyms', async (image, info, focus) => {
  const pb = resolvePhysBase({ vmcoreinfo: info.number('phys_base'), kdumpHeader: image.facts.physBase, segments: image.virtualSegments }).physBase;
  const loc = kallsymsLocationFrom((n) => info.symbol(n));
  if (!pb || !loc) return;
  focus();
  querySymbols(await loadKallsyms(new KernelImageSpace((pa, n) => image.readPhys(pa, n), pb.value), loc));
});
