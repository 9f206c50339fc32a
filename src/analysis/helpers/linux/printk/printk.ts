// The kernel log of a dump: the lockless ring buffer when the kernel has one (SYMBOL(prb)
// and OFFSET(prb_desc_ring.infos), 5.10+), else the structured log_buf (3.5–5.9).
// VMCOREINFO carries every offset both need, so this works with no debug info at all;
// the types only fill in what VMCOREINFO lacks.
import { MissingDebugInfoError } from '../../../errors';
import type { KernelAccess } from '../kernel-access';
import { StructLayouts } from '../struct-layout';
import { logBufLayout, logBufSymbols, readLogBuf } from './log-buf-reader';
import { hasLocklessRing, prbLayout } from './prb-layout';
import { readLocklessRing } from './prb-reader';
import type { PrintkLog } from './printk-record';

export type KernelLogAccess = Pick<KernelAccess, 'memory' | 'vmcoreinfo' | 'types' | 'symbol'>;

export async function getPrintkLog(k: KernelLogAccess): Promise<PrintkLog> {
  const layouts = new StructLayouts(k.vmcoreinfo, k.types);
  const sym = (name: string) => k.vmcoreinfo?.symbol(name) ?? k.symbol(name);
  const prb = sym('prb');
  if (hasLocklessRing(layouts, prb)) {
    const r = await readLocklessRing(k.memory, prbLayout(layouts), prb!);
    return { format: 'lockless', ...r };
  }
  const legacy = logBufSymbols(sym);
  if (legacy) {
    const r = await readLogBuf(k.memory, logBufLayout(layouts), legacy);
    return { format: 'log_buf', ...r };
  }
  throw new MissingDebugInfoError('the kernel log: neither SYMBOL(prb) nor SYMBOL(log_buf) is known');
}
