import { describe, expect, it } from 'vitest';
import { expectFault } from '../test-support/expect-fault';
import { PAGE_FLAGS, PageTableWriter, TABLE_FLAGS } from '../test-support/page-table-writer';
import { SyntheticMemory } from '../test-support/synthetic-memory';
import { PageTableWalker } from './page-walk';
import { _PAGE_PRESENT, isCanonical } from './pgtable-types';

const MiB = 1n << 20n;
const GiB = 1n << 30n;

function setup(levels: 4 | 5 = 4) {
  const mem = new SyntheticMemory(4n * GiB);
  const pt = new PageTableWriter(mem, levels, 0x100000n);
  const walker = new PageTableWalker(mem, { levels, root: pt.root });
  return { mem, pt, walker };
}

describe('PageTableWalker, 4-level', () => {
  it('walks PGD → PUD → PMD → PTE for a 4 KiB page and records each entry', async () => {
    const { pt, walker } = setup();
    const va = 0xffffd0db403e8123n;
    pt.map(va & ~0xfffn, 0x3fefb000n, 4096n);
    const w = await walker.walk(va);
    expect(w.steps.map((s) => s.level)).toEqual(['pgd', 'pud', 'pmd', 'pte']);
    // Each entry lies at table + index * 8, with the index from the right VA bits.
    expect(w.steps[0]!.entryAddress).toBe(pt.root + ((va >> 39n) & 511n) * 8n);
    expect(w.steps[1]!.entryAddress & 0xfffn).toBe(((va >> 30n) & 511n) * 8n);
    expect(w.steps[2]!.entryAddress & 0xfffn).toBe(((va >> 21n) & 511n) * 8n);
    expect(w.steps[3]!.entryAddress & 0xfffn).toBe(((va >> 12n) & 511n) * 8n);
    expect(w.steps[3]!.entry).toBe(0x3fefb000n | PAGE_FLAGS);
    expect(w.mapping).toEqual({ paddr: 0x3fefb123n, pageBase: 0x3fefb000n, pageSize: 4096n });
  });

  it('stops at a PMD with PS set: 2 MiB page, NX and the large-page PAT bit masked off', async () => {
    const { pt, walker } = setup();
    const va = 0xffff8c3842360000n;
    // Bit 12 in a 2 MiB entry is PAT, not an address bit.
    pt.map(va & ~(2n * MiB - 1n), 0x2200000n, 2n * MiB, PAGE_FLAGS | (1n << 12n));
    const w = await walker.walk(va + 0x123n);
    expect(w.steps.map((s) => s.level)).toEqual(['pgd', 'pud', 'pmd']);
    expect(w.mapping).toEqual({ paddr: 0x2360123n, pageBase: 0x2200000n, pageSize: 2n * MiB });
  });

  it('stops at a PUD with PS set: 1 GiB page', async () => {
    const { pt, walker } = setup();
    const va = 0xffff8c3840000000n;
    pt.map(va, 0x40000000n, GiB);
    const w = await walker.walk(va + 0x2345678n);
    expect(w.steps.map((s) => s.level)).toEqual(['pgd', 'pud']);
    expect(w.mapping?.paddr).toBe(0x42345678n);
    expect(w.mapping?.pageSize).toBe(GiB);
  });

  it.each(['pgd', 'pud', 'pmd', 'pte'] as const)(
    'reports a not-present %s entry',
    async (level) => {
      const { pt, walker } = setup();
      const va = 0xffffc90000201000n;
      pt.map(va, 0x5000n, 4096n);
      pt.setEntry(va, level, 0x1234000n); // address bits without _PAGE_PRESENT
      const w = await walker.walk(va);
      expect(w.notPresentAt).toBe(level);
      expect(w.mapping).toBeUndefined();
      expect(w.steps[w.steps.length - 1]!.entry & _PAGE_PRESENT).toBe(0n);
      const f = await expectFault(walker.translate(va + 8n));
      expect(f.space).toBe('virtual');
      expect(f.reason).toBe('not-present');
      expect(f.address).toBe(va + 8n);
      expect(f.message).toContain(level.toUpperCase());
    },
  );

  it('rejects non-canonical addresses without reading tables', async () => {
    const { mem, walker } = setup();
    const before = mem.reads;
    const w = await walker.walk(0x0000800000000000n);
    expect(w.nonCanonical).toBe(true);
    expect(mem.reads).toBe(before);
    expect((await expectFault(walker.translate(0xffff7fffffffffffn))).reason).toBe('not-present');
  });

  it('clears sme_mask from entries before using them', async () => {
    const mem = new SyntheticMemory(4n * GiB);
    const pt = new PageTableWriter(mem, 4, 0x100000n);
    const c = 1n << 47n;
    const va = 0xffffffff81000000n;
    pt.map(va, 0x1000000n, 4096n);
    // Set the C-bit in the PTE and in the PMD table pointer.
    const pmdAddr = pt.entryAddress(va, 'pmd');
    mem.writeU64(pmdAddr, mem.peekU64(pmdAddr) | c);
    const pteAddr = pt.entryAddress(va, 'pte');
    mem.writeU64(pteAddr, mem.peekU64(pteAddr) | c);
    const w = await new PageTableWalker(mem, { levels: 4, root: pt.root, smeMask: c }).walk(va);
    expect(w.mapping?.paddr).toBe(0x1000000n);
    expect(w.steps[3]!.entry & c).toBe(0n);
  });

  it('reports an unreadable table page with the virtual address and the physical reason', async () => {
    const { mem, pt, walker } = setup();
    const va = 0xffffc90000400000n;
    pt.map(va, 0x9000n, 4096n);
    const pmdTable = pt.entryAddress(va, 'pmd') & ~0xfffn;
    mem.exclude(pmdTable);
    const f = await expectFault(walker.translate(va));
    expect(f).toMatchObject({ address: va, reason: 'excluded', space: 'virtual' });
    expect(f.message).toContain('PMD table');
  });

  it('caches translations (TLB) and table pages, bounded', async () => {
    const mem = new SyntheticMemory(4n * GiB);
    const pt = new PageTableWriter(mem, 4, 0x100000n);
    const walker = new PageTableWalker(mem, { levels: 4, root: pt.root, tlbEntries: 2 });
    for (let i = 0n; i < 3n; i++)
      pt.map(0xffffc90000000000n + i * 4096n, 0x10000n + i * 4096n, 4096n);
    pt.map(0xffff888000000000n, 0n, 2n * MiB);
    await walker.translate(0xffffc90000000010n);
    const reads = mem.reads;
    expect((await walker.translate(0xffffc90000000ff0n)).paddr).toBe(0x10ff0n);
    expect(mem.reads).toBe(reads); // same page: TLB hit
    await walker.translate(0xffff888000000000n);
    await walker.translate(0xffff8880001ff000n); // same 2 MiB page: one TLB entry
    expect(walker.tlb.hits).toBeGreaterThanOrEqual(2);
    await walker.translate(0xffffc90000001000n);
    await walker.translate(0xffffc90000002000n);
    expect(walker.tlb.size).toBe(2);
  });
});

describe('PageTableWalker, 5-level', () => {
  it('walks PGD (bits 56..48) → P4D (47..39) → PUD → PMD → PTE', async () => {
    const { pt, walker } = setup(5);
    const va = 0xff11000012345000n;
    pt.map(va, 0x7000n, 4096n);
    const w = await walker.walk(va + 0x10n);
    expect(w.steps.map((s) => s.level)).toEqual(['pgd', 'p4d', 'pud', 'pmd', 'pte']);
    expect(w.steps[0]!.entryAddress).toBe(pt.root + ((va >> 48n) & 511n) * 8n);
    expect(w.steps[1]!.entryAddress & 0xfffn).toBe(((va >> 39n) & 511n) * 8n);
    expect(w.mapping?.paddr).toBe(0x7010n);
  });

  it('reports a not-present P4D and accepts 57-bit canonical addresses', async () => {
    const { pt, walker } = setup(5);
    const va = 0xff2000000000000n | (0xffn << 56n);
    expect(isCanonical(va, 5)).toBe(true);
    expect(isCanonical(va, 4)).toBe(false);
    pt.map(va, 0x8000n, 4096n);
    pt.setEntry(va, 'p4d', 0n);
    expect((await walker.walk(va)).notPresentAt).toBe('p4d');
  });

  it('a 4-level walker reads the same tables differently (levels matter)', async () => {
    const mem = new SyntheticMemory(GiB);
    const pt = new PageTableWriter(mem, 5, 0x100000n);
    pt.map(0xffffffff81000000n, 0x1000000n, 2n * MiB);
    const w4 = new PageTableWalker(mem, { levels: 4, root: pt.root });
    const w5 = new PageTableWalker(mem, { levels: 5, root: pt.root });
    expect((await w5.walk(0xffffffff81000000n)).mapping?.paddr).toBe(0x1000000n);
    expect((await w4.walk(0xffffffff81000000n)).mapping).toBeUndefined();
    expect(TABLE_FLAGS & _PAGE_PRESENT).toBe(1n);
  });
});
