// x86_64 page-table walk, 4-level (PGD → PUD → PMD → PTE) or 5-level (PGD → P4D → …),
// with 1 GiB pages (PS bit in a PUD) and 2 MiB pages (PS bit in a PMD).
// Entry → next table / page: bits 12..51 (PTE_PFN_MASK); for large pages the low bits
// of the page size are cleared too (that drops the large-page PAT bit 12).
// NUMBER(sme_mask) (AMD SME C-bit) is cleared from every entry first.
// Sources: arch/x86/include/asm/pgtable_types.h, pgtable_64_types.h;
// makedumpfile arch/x86_64.c __vtop4_x86_64; crash x86_64.c x86_64_kvtop.
import { FaultError } from '../../errors';
import type { PhysReader } from '../physical-space';
import { LruMap, TranslationCache } from '../translation-cache';
import {
  ENTRY_SIZE,
  PAGE_SIZE,
  PMD_SIZE,
  PTE_PFN_MASK,
  PUD_SIZE,
  _PAGE_PRESENT,
  _PAGE_PSE,
  hex,
  isCanonical,
  levelShift,
  tableIndex,
  walkLevels,
  type Level,
} from './pgtable-types';

export interface PageWalkOptions {
  /** 4, or 5 when VMCOREINFO NUMBER(pgtable_l5_enabled)=1 / CR4.LA57. */
  levels: 4 | 5;
  /** Physical address of the top-level table (init_top_pgt, or CR3 & PTE_PFN_MASK). */
  root: bigint;
  /** NUMBER(sme_mask): encryption bit(s) to clear from every entry. */
  smeMask?: bigint;
  /** How many table pages to keep (4 KiB each). */
  tablePages?: number;
  /** How many translations the TLB-like cache keeps. */
  tlbEntries?: number;
}

/** One level of a walk: the entry's physical address and its value. */
export interface WalkStep {
  level: Level;
  /** Physical address of the entry (table base + index * 8). */
  entryAddress: bigint;
  /** Entry value with sme_mask cleared (as crash prints it). */
  entry: bigint;
}

export interface Mapping {
  paddr: bigint;
  /** Physical base of the page (4 KiB, 2 MiB or 1 GiB). */
  pageBase: bigint;
  pageSize: bigint;
}

export interface Walk {
  vaddr: bigint;
  /** Physical address of the top-level table walked from. */
  root: bigint;
  steps: WalkStep[];
  /** Set when the address is mapped. */
  mapping?: Mapping;
  /** The level whose entry is not present (the last step). */
  notPresentAt?: Level;
  /** The address is not canonical: no table was read. */
  nonCanonical?: boolean;
}

export class PageTableWalker {
  readonly levels: 4 | 5;
  readonly root: bigint;
  private readonly smeMask: bigint;
  private readonly tables: LruMap<bigint, Promise<DataView>>;
  readonly tlb: TranslationCache;

  constructor(
    private readonly mem: PhysReader,
    opts: PageWalkOptions,
  ) {
    this.levels = opts.levels;
    this.root = opts.root & PTE_PFN_MASK;
    this.smeMask = opts.smeMask ?? 0n;
    this.tables = new LruMap(opts.tablePages ?? 64);
    this.tlb = new TranslationCache([PAGE_SIZE, PMD_SIZE, PUD_SIZE], opts.tlbEntries);
  }

  /** Walks the tables for `vaddr`, recording each level. Throws only if a table cannot be read. */
  async walk(vaddr: bigint): Promise<Walk> {
    const w: Walk = { vaddr, root: this.root, steps: [] };
    if (!isCanonical(vaddr, this.levels)) {
      w.nonCanonical = true;
      return w;
    }
    let table = this.root;
    for (const level of walkLevels(this.levels)) {
      const entryAddress = table + tableIndex(vaddr, levelShift(level, this.levels)) * ENTRY_SIZE;
      const entry = (await this.readEntry(entryAddress, level, vaddr)) & ~this.smeMask;
      w.steps.push({ level, entryAddress, entry });
      if ((entry & _PAGE_PRESENT) === 0n) {
        w.notPresentAt = level;
        return w;
      }
      const large =
        level === 'pud' && (entry & _PAGE_PSE) !== 0n
          ? PUD_SIZE
          : level === 'pmd' && (entry & _PAGE_PSE) !== 0n
            ? PMD_SIZE
            : level === 'pte'
              ? PAGE_SIZE
              : 0n;
      if (large !== 0n) {
        const pageBase = entry & PTE_PFN_MASK & ~(large - 1n);
        w.mapping = { pageBase, pageSize: large, paddr: pageBase + (vaddr & (large - 1n)) };
        return w;
      }
      table = entry & PTE_PFN_MASK;
    }
    return w; // not reached: the PTE level always ends the loop
  }

  /**
   * Physical address of `vaddr` and the size of the page mapping it. Throws
   * FaultError('virtual', 'not-present') naming the level whose entry is not present.
   */
  async translate(vaddr: bigint): Promise<{ paddr: bigint; pageSize: bigint }> {
    const hit = this.tlb.lookup(vaddr);
    if (hit) return hit;
    const w = await this.walk(vaddr);
    if (!w.mapping) throw walkFault(w);
    this.tlb.insert(vaddr, w.mapping.pageBase, w.mapping.pageSize);
    return { paddr: w.mapping.paddr, pageSize: w.mapping.pageSize };
  }

  /** Forgets cached tables and translations. */
  flush(): void {
    this.tables.clear();
    this.tlb.clear();
  }

  private async readEntry(entryAddress: bigint, level: Level, vaddr: bigint): Promise<bigint> {
    const base = entryAddress & ~(PAGE_SIZE - 1n);
    let page = this.tables.get(base);
    if (!page) {
      page = this.mem.readPhys(base, Number(PAGE_SIZE)).then(
        (b) => new DataView(b.buffer, b.byteOffset, b.byteLength),
        (e: unknown) => {
          this.tables.delete(base);
          if (e instanceof FaultError) {
            throw new FaultError(
              vaddr,
              e.reason,
              'virtual',
              `${level.toUpperCase()} table at physical 0x${hex(base)} cannot be read: ${e.message}`,
            );
          }
          throw e;
        },
      );
      this.tables.set(base, page);
    }
    return (await page).getBigUint64(Number(entryAddress - base), true);
  }
}

/** The FaultError for a walk that found no mapping. */
export function walkFault(w: Walk): FaultError {
  if (w.nonCanonical)
    return new FaultError(w.vaddr, 'not-present', 'virtual', 'non-canonical address');
  const last = w.steps[w.steps.length - 1];
  const detail = last
    ? `${last.level.toUpperCase()} entry 0x${hex(last.entry)} at physical 0x${hex(last.entryAddress)} not present`
    : undefined;
  return new FaultError(w.vaddr, 'not-present', 'virtual', detail);
}
