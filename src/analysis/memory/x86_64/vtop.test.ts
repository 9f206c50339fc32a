import { describe, expect, it } from 'vitest';
import { formatVtop, type VtopResult } from './vtop';
import { entryFlagNames } from './pgtable-types';

describe('formatVtop', () => {
  it('prints a 4 KiB walk the way crash does', () => {
    const r: VtopResult = {
      vaddr: 0xffffd0db403e8000n,
      paddr: 0x3fefb000n,
      pgdDirectory: 0xffffffffada10000n,
      entries: [
        { level: 'pgd', address: 0xba10d08n, value: 0x1000067n },
        { level: 'pud', address: 0x1000b68n, value: 0x11b2067n },
        { level: 'pmd', address: 0x11b2008n, value: 0x2127067n },
        { level: 'pte', address: 0x2127f40n, value: 0x800000003fefb163n },
      ],
      page: { base: 0x3fefb000n, size: 4096n },
      pte: {
        value: 0x800000003fefb163n,
        physical: 0x3fefb000n,
        flags: entryFlagNames(0x800000003fefb163n),
      },
    };
    expect(formatVtop(r)).toEqual([
      'VIRTUAL           PHYSICAL        ',
      'ffffd0db403e8000  3fefb000        ',
      '',
      'PGD DIRECTORY: ffffffffada10000',
      'PAGE DIRECTORY: 1000067',
      '   PUD: 1000b68 => 11b2067',
      '   PMD: 11b2008 => 2127067',
      '   PTE: 2127f40 => 800000003fefb163',
      '  PAGE: 3fefb000',
      '',
      '      PTE         PHYSICAL  FLAGS',
      '800000003fefb163  3fefb000  (PRESENT|RW|ACCESSED|DIRTY|GLOBAL|NX)',
    ]);
  });

  it('prints a 2 MiB page with its size and centres a short PHYSICAL', () => {
    const e = 0x80000000022001e3n;
    const out = formatVtop({
      vaddr: 0xffff8c3842360000n,
      paddr: 0x2360000n,
      pgdDirectory: 0xffffffffada10000n,
      entries: [
        { level: 'pgd', address: 0xba108c0n, value: 0xc801067n },
        { level: 'pud', address: 0xc801708n, value: 0xc802067n },
        { level: 'pmd', address: 0xc802088n, value: e },
      ],
      page: { base: 0x2200000n, size: 2n << 20n },
      pte: { value: e, physical: 0x2200000n, flags: entryFlagNames(e) },
    });
    expect(out.slice(7)).toEqual([
      '  PAGE: 2200000  (2MB)',
      '',
      '      PTE         PHYSICAL  FLAGS',
      '80000000022001e3   2200000  (PRESENT|RW|ACCESSED|DIRTY|PSE|GLOBAL|NX)',
    ]);
  });

  it('says "(not mapped)" and names PROTNONE for a not-present entry', () => {
    const out = formatVtop({
      vaddr: 0xffffc90000000000n,
      pgdDirectory: 0xffffffffada10000n,
      entries: [{ level: 'pgd', address: 0xba10c90n, value: 0n }],
    });
    expect(out[1]).toBe('ffffc90000000000  (not mapped)');
    expect(entryFlagNames(0x100n)).toEqual(['PROTNONE', 'GLOBAL']);
    expect(entryFlagNames(0n)).toEqual([]);
  });
});
