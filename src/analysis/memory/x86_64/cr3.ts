// A CPU's CR3 (from QEMU's per-vCPU note) as a second page-table root. CR3 bits 12..51
// hold the top table; the low 12 bits are PCID/flags. At a crash it is the current
// task's mm->pgd, whose kernel half is shared with init_top_pgt; with page-table
// isolation a CPU in user mode holds the user copy, one page above the kernel PGD
// (arch/x86/include/asm/pgtable.h PTI_PGTABLE_SWITCH_BIT = PAGE_SHIFT), so both
// candidates are tried.
import type { Warning } from '../../errors';
import { physBaseFromTranslation } from './kaslr';
import type { PageTableWalker } from './page-walk';
import { PAGE_SIZE, PTE_PFN_MASK, hex } from './pgtable-types';

type WalkerAt = (root: bigint) => PageTableWalker;

/** Physical addresses CR3 may name the kernel PGD by: as is, and without the PTI user bit. */
export function cr3Roots(cr3: bigint): bigint[] {
  const root = cr3 & PTE_PFN_MASK;
  const kernel = root & ~PAGE_SIZE;
  return kernel === root ? [root] : [root, kernel];
}

/** Where the page tables under CR3 put a kernel virtual address (first root that maps it). */
async function translateVia(
  walkerAt: WalkerAt,
  cr3: bigint,
  va: bigint,
): Promise<bigint | undefined> {
  for (const root of cr3Roots(cr3)) {
    try {
      return (await walkerAt(root).translate(va)).paddr;
    } catch {
      // try the next candidate root
    }
  }
  return undefined;
}

/** phys_base from CR3: walk init_top_pgt's own (image) address. */
export async function physBaseFromCr3(
  walkerAt: WalkerAt,
  cr3: bigint,
  pgdVa: bigint,
): Promise<bigint | undefined> {
  const pa = await translateVia(walkerAt, cr3, pgdVa);
  return pa === undefined ? undefined : physBaseFromTranslation(pgdVa, pa);
}

/** A warning when CR3's tables do not place init_top_pgt where phys_base does. */
export async function checkRootAgainstCr3(
  walkerAt: WalkerAt,
  cr3: bigint,
  pgdVa: bigint,
  rootPa: bigint,
): Promise<Warning | undefined> {
  const pa = await translateVia(walkerAt, cr3, pgdVa);
  if (pa === rootPa) return undefined;
  return {
    code: 'CR3_MISMATCH',
    message:
      pa === undefined
        ? `CR3 0x${hex(cr3)} does not map init_top_pgt 0x${hex(pgdVa)}`
        : `CR3 0x${hex(cr3)} maps init_top_pgt 0x${hex(pgdVa)} to 0x${hex(pa)}, phys_base gives 0x${hex(rootPa)}`,
  };
}
