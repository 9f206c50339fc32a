import { describe, expect, it } from 'vitest';
import { expectFault } from './test-support/expect-fault';
import { PageTableWriter } from './test-support/page-table-writer';
import { SyntheticMemory } from './test-support/synthetic-memory';
import { VirtualAddressSpace } from './virtual-space';
import { PhysicalAddressSpace } from './physical-space';
import { PageTableWalker } from './x86_64/page-walk';
import { readU64 } from './address-space';

const GiB = 1n << 30n;
const MiB = 1n << 20n;

function setup() {
  const mem = new SyntheticMemory(GiB);
  const pt = new PageTableWriter(mem, 4, 0x100000n);
  const space = new VirtualAddressSpace(
    mem,
    new PageTableWalker(mem, { levels: 4, root: pt.root }),
  );
  return { mem, pt, space };
}

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('VirtualAddressSpace', () => {
  it('translates each page of a read separately (virtually contiguous, physically not)', async () => {
    const { mem, pt, space } = setup();
    const va = 0xffffc90000010000n;
    pt.map(va, 0x300000n, 4096n);
    pt.map(va + 4096n, 0x200000n, 4096n); // next page lies *below* in physical memory
    mem.write(0x300ffcn, bytes(1, 2, 3, 4));
    mem.write(0x200000n, bytes(5, 6, 7, 8));
    expect(await space.read(va + 0xffcn, 8)).toEqual(bytes(1, 2, 3, 4, 5, 6, 7, 8));
    expect(space.kind).toBe('virtual');
    expect(await space.read(va, 0)).toEqual(new Uint8Array(0));
  });

  it('reads across a 2 MiB page into a 4 KiB page', async () => {
    const { mem, pt, space } = setup();
    const va = 0xffff888000000000n;
    pt.map(va, 0x400000n, 2n * MiB);
    pt.map(va + 2n * MiB, 0x9000n, 4096n);
    mem.writeU64(0x400000n + 2n * MiB - 4n, 0x1111111122222222n); // only the low half fits
    mem.write(0x9000n, bytes(0x33, 0x33, 0x33, 0x33));
    expect(await readU64(space, va + 2n * MiB - 4n)).toBe(0x3333333322222222n);
  });

  it('faults on the first byte of an unmapped page a read crosses into', async () => {
    const { pt, space } = setup();
    const va = 0xffffc90000020000n;
    pt.map(va, 0x5000n, 4096n); // the next page is not mapped
    const f = await expectFault(space.read(va + 0xff0n, 0x20));
    expect(f).toMatchObject({ address: va + 4096n, reason: 'not-present', space: 'virtual' });
  });

  it('keeps the physical reason (excluded) and names the virtual address', async () => {
    const { mem, pt, space } = setup();
    const va = 0xffffc90000030000n;
    pt.map(va, 0x6000n, 4096n);
    pt.map(va + 4096n, 0x8000n, 4096n);
    mem.exclude(0x8000n);
    const f = await expectFault(space.read(va + 0x800n, 0x1000));
    expect(f).toMatchObject({ address: va + 4096n, reason: 'excluded', space: 'virtual' });
    expect(f.message).toContain('physical 0x8000');
  });

  it('reports a mapping beyond the end of the dump as beyond-dump', async () => {
    const { pt, space } = setup();
    const va = 0xffffc90000040000n;
    pt.map(va, 2n * GiB, 4096n);
    expect(await expectFault(space.read(va + 0x10n, 8))).toMatchObject({
      address: va + 0x10n,
      reason: 'beyond-dump',
      space: 'virtual',
    });
  });

  it('PhysicalAddressSpace reads the dump as it is', async () => {
    const { mem } = setup();
    mem.write(0x7000n, bytes(9, 8));
    const phys = new PhysicalAddressSpace(mem);
    expect(phys.kind).toBe('physical');
    expect(await phys.read(0x7000n, 2)).toEqual(bytes(9, 8));
    mem.exclude(0x7000n);
    expect(await expectFault(phys.read(0x7000n, 2))).toMatchObject({
      reason: 'excluded',
      space: 'physical',
    });
  });
});
