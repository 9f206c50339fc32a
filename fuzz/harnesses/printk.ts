// The kernel log: getPrintkLog over the kernel virtual address space with VMCOREINFO's
// offsets (lockless ring: descriptors, info array, text data ring; or log_buf).
// Seeds: real dumps; the ring's pages are the hot ranges.
import { getPrintkLog } from '../../src/analysis/helpers/linux/printk/printk';
import { formatDmesg } from '../../src/analysis/helpers/linux/printk/dmesg-format';
import { openKernelMemory } from '../../src/analysis/memory/x86_64/kernel-memory';
import { kernelHarness } from './support/kernel-harness';

export const harness = kernelHarness('printk', async (image, info, focus) => {
  const memory = await openKernelMemory(image, info);
  focus();
  const log = await getPrintkLog({ memory: memory.virtual, vmcoreinfo: info, types: null, symbol: () => undefined });
  formatDmesg(log.records);
});
