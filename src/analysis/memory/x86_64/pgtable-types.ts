// x86_64 paging constants and index helpers, named as in the kernel.
// Sources: arch/x86/include/asm/pgtable_types.h (_PAGE_BIT_*),
// arch/x86/include/asm/pgtable_64_types.h (PGDIR_SHIFT, P4D_SHIFT, PUD_SHIFT, PMD_SHIFT),
// arch/x86/include/asm/page_64_types.h (__START_KERNEL_map, __PHYSICAL_MASK_SHIFT).

/** Kernel image mapping base: image VA → PA is `va - __START_KERNEL_map + phys_base`. */
export const START_KERNEL_MAP = 0xffff_ffff_8000_0000n;

export const PAGE_SHIFT = 12n;
export const PAGE_SIZE = 1n << PAGE_SHIFT;
export const PMD_SHIFT = 21n;
export const PMD_SIZE = 1n << PMD_SHIFT; // 2 MiB page (PS bit in a PMD)
export const PUD_SHIFT = 30n;
export const PUD_SIZE = 1n << PUD_SHIFT; // 1 GiB page (PS bit in a PUD)
export const P4D_SHIFT = 39n;
/** PGDIR_SHIFT: 39 with 4-level paging, 48 with 5-level (LA57). */
export const pgdirShift = (levels: 4 | 5): bigint => (levels === 5 ? 48n : 39n);

export const PTRS_PER_TABLE = 512n;
export const ENTRY_SIZE = 8n;

/** Physical address bits 12..51 of an entry (__PHYSICAL_MASK_SHIFT = 52). */
export const PTE_PFN_MASK = 0x000f_ffff_ffff_f000n;

export const _PAGE_PRESENT = 1n << 0n;
export const _PAGE_RW = 1n << 1n;
export const _PAGE_USER = 1n << 2n;
export const _PAGE_PWT = 1n << 3n;
export const _PAGE_PCD = 1n << 4n;
export const _PAGE_ACCESSED = 1n << 5n;
export const _PAGE_DIRTY = 1n << 6n;
/** PS in a PUD or PMD: the entry maps a 1 GiB / 2 MiB page (in a PTE this bit is PAT). */
export const _PAGE_PSE = 1n << 7n;
/** Global; also _PAGE_PROTNONE for not-present user entries. */
export const _PAGE_GLOBAL = 1n << 8n;
export const _PAGE_PROTNONE = _PAGE_GLOBAL;
export const _PAGE_NX = 1n << 63n;

const MASK64 = (1n << 64n) - 1n;
export const u64 = (v: bigint): bigint => v & MASK64;

export type Level = 'pgd' | 'p4d' | 'pud' | 'pmd' | 'pte';

/** Shift of the VA bits a level indexes. */
export function levelShift(level: Level, levels: 4 | 5): bigint {
  switch (level) {
    case 'pgd':
      return pgdirShift(levels);
    case 'p4d':
      return P4D_SHIFT;
    case 'pud':
      return PUD_SHIFT;
    case 'pmd':
      return PMD_SHIFT;
    case 'pte':
      return PAGE_SHIFT;
  }
}

/** pgd_index/p4d_index/pud_index/pmd_index/pte_index: `(va >> SHIFT) & 511`. */
export const tableIndex = (va: bigint, shift: bigint): bigint =>
  (va >> shift) & (PTRS_PER_TABLE - 1n);

/** The levels walked from the top, in order. */
export function walkLevels(levels: 4 | 5): readonly Level[] {
  return levels === 5 ? ['pgd', 'p4d', 'pud', 'pmd', 'pte'] : ['pgd', 'pud', 'pmd', 'pte'];
}

/**
 * Canonical check: bits 63..47 (4-level) or 63..56 (5-level) all equal the top VA bit.
 * (Documentation/arch/x86/x86_64/mm.rst.)
 */
export function isCanonical(va: bigint, levels: 4 | 5): boolean {
  const vaBits = levels === 5 ? 57n : 48n;
  const top = va >> (vaBits - 1n);
  return top === 0n || top === (1n << (65n - vaBits)) - 1n;
}

/** True for the kernel half of the address space (top VA bit set, canonical). */
export const isKernelAddress = (va: bigint, levels: 4 | 5): boolean =>
  isCanonical(va, levels) && va >> 63n === 1n;

/** Entry flag names in the order crash's x86_64_translate_pte prints them. */
export function entryFlagNames(entry: bigint): string[] {
  if (entry === 0n) return [];
  const present = (entry & _PAGE_PRESENT) !== 0n;
  const out: string[] = [];
  const add = (bit: bigint, name: string) => {
    if ((entry & bit) !== 0n) out.push(name);
  };
  add(_PAGE_PRESENT, 'PRESENT');
  add(_PAGE_RW, 'RW');
  add(_PAGE_USER, 'USER');
  add(_PAGE_PWT, 'PWT');
  add(_PAGE_PCD, 'PCD');
  add(_PAGE_ACCESSED, 'ACCESSED');
  add(_PAGE_DIRTY, 'DIRTY');
  if (present) add(_PAGE_PSE, 'PSE');
  else add(_PAGE_PROTNONE, 'PROTNONE');
  add(_PAGE_GLOBAL, 'GLOBAL');
  add(_PAGE_NX, 'NX');
  return out;
}

export const hex = (v: bigint): string => v.toString(16);
