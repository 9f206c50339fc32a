// `vtop` of a kernel virtual address as crash prints it (crash x86_64.c x86_64_kvtop,
// x86_64_kpgd_offset, x86_64_{p4d,pud,pmd,pte}_offset, x86_64_translate_pte; memory.c
// do_vtop):
//
//   VIRTUAL           PHYSICAL
//   ffff8c3842360000  2360000
//
//   PGD DIRECTORY: ffffffffada10000        (the top table's virtual address)
//   PAGE DIRECTORY: c801067                (the PGD entry value)
//      P4D: <entry paddr> => <value>       (5-level only)
//      PUD: c801708 => c802067
//      PMD: c802088 => 80000000022001e3
//     PAGE: 2200000  (2MB)
//
//         PTE         PHYSICAL  FLAGS
//   80000000022001e3   2200000  (PRESENT|RW|ACCESSED|DIRTY|PSE|GLOBAL|NX)
//
// followed by the struct page of the frame (vmemmap_base + pfn * SIZE(page)).
import type { Vmemmap } from '../vmemmap';
import type { PageTableWalker } from './page-walk';
import { PTE_PFN_MASK, entryFlagNames, hex, type Level } from './pgtable-types';

export interface VtopEntry {
  level: Level;
  /** Physical address of the entry. */
  address: bigint;
  /** Entry value (sme_mask cleared). */
  value: bigint;
}

export interface VtopResult {
  vaddr: bigint;
  /** Undefined when the address is not mapped. */
  paddr?: bigint;
  /** What crash prints as "PGD DIRECTORY": the top table's virtual address (init_top_pgt). */
  pgdDirectory: bigint;
  /** One per level walked, top first: PGD, [P4D,] PUD, PMD, PTE (fewer for large pages). */
  entries: VtopEntry[];
  /** The page mapping the address ("PAGE:" line). */
  page?: { base: bigint; size: bigint };
  /** The last entry decoded as crash's PTE / PHYSICAL / FLAGS table. */
  pte?: { value: bigint; physical: bigint; flags: string[] };
  /** struct page of the frame, when vmemmap is known. */
  structPage?: bigint;
  nonCanonical?: boolean;
}

export async function vtop(
  walker: PageTableWalker,
  vaddr: bigint,
  opts: { pgdDirectory: bigint; vmemmap?: Vmemmap },
): Promise<VtopResult> {
  const w = await walker.walk(vaddr);
  const entries = w.steps.map((s) => ({ level: s.level, address: s.entryAddress, value: s.entry }));
  const r: VtopResult = { vaddr, pgdDirectory: opts.pgdDirectory, entries };
  if (w.nonCanonical) r.nonCanonical = true;
  const last = entries[entries.length - 1];
  if (last && (w.mapping || last.value !== 0n)) {
    r.pte = {
      value: last.value,
      physical: last.value & PTE_PFN_MASK,
      flags: entryFlagNames(last.value),
    };
  }
  if (w.mapping) {
    r.paddr = w.mapping.paddr;
    r.page = { base: w.mapping.pageBase, size: w.mapping.pageSize };
    if (opts.vmemmap) r.structPage = opts.vmemmap.physToPage(w.mapping.paddr);
  }
  return r;
}

const SIZE_NOTE: Record<string, string> = {
  [String(1n << 21n)]: '  (2MB)',
  [String(1n << 30n)]: '  (1GB)',
};

/** crash's mkstring(CENTER|LJUST) and (CENTER|RJUST) for the PTE table header. */
function center(s: string, width: number, rjust: boolean): string {
  const extra = width - s.length;
  if (extra <= 0) return s;
  const half = Math.floor(extra / 2);
  const left = extra % 2 && rjust ? half + 1 : half;
  return ' '.repeat(left) + s + ' '.repeat(extra - left);
}

/** The text crash prints for `vtop`, up to and including the PTE flags line. */
export function formatVtop(r: VtopResult): string[] {
  const out: string[] = [];
  out.push(`${'VIRTUAL'.padEnd(16)}  ${'PHYSICAL'.padEnd(16)}`);
  const phys = r.paddr === undefined ? '(not mapped)' : hex(r.paddr).padEnd(16);
  out.push(`${hex(r.vaddr).padEnd(16)}  ${phys}`, '');
  const [pgd, ...rest] = r.entries;
  if (pgd) {
    out.push(`PGD DIRECTORY: ${hex(r.pgdDirectory)}`, `PAGE DIRECTORY: ${hex(pgd.value)}`);
  }
  for (const e of rest)
    out.push(`   ${e.level.toUpperCase()}: ${hex(e.address)} => ${hex(e.value)}`);
  if (r.page) out.push(`  PAGE: ${hex(r.page.base)}${SIZE_NOTE[String(r.page.size)] ?? ''}`, '');
  else if (r.pte) out.push('');
  if (r.pte) {
    const pteText = hex(r.pte.value);
    const physText = hex(r.pte.physical);
    const w1 = Math.max(pteText.length, 3);
    const w2 = Math.max(physText.length, 8);
    out.push(`${center('PTE', w1, false)}  ${center('PHYSICAL', w2, false)}  FLAGS`);
    out.push(
      `${center(pteText, w1, true)}  ${center(physText, w2, true)}  (${r.pte.flags.join('|')})`,
    );
  }
  return out;
}
