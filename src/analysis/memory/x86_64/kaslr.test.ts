import { describe, expect, it } from 'vitest';
import { VmcoreInfo } from '../../formats/notes/vmcoreinfo';
import {
  inKernelImage,
  kernelImageToPhys,
  physBaseFromSegments,
  physToKernelImage,
  qemuHeaderPhysBase,
  resolvePhysBase,
} from './kaslr';

describe('phys_base and the kernel image mapping', () => {
  it('reads the signed NUMBER(phys_base) as a 64-bit pattern', () => {
    const info = new VmcoreInfo('NUMBER(phys_base)=-570425344\n');
    const r = resolvePhysBase({ vmcoreinfo: info.number('phys_base') });
    expect(r.physBase).toEqual({ value: 0xffffffffde000000n, source: 'vmcoreinfo' });
    // init_task of the run-kdump fixture: crash `rd -p` reads it at 0xba1aa40.
    expect(kernelImageToPhys(0xffffffffada1aa40n, r.physBase!.value)).toBe(0xba1aa40n);
    expect(physToKernelImage(0xba1aa40n, r.physBase!.value)).toBe(0xffffffffada1aa40n);
    // QEMU fixture: phys_base 0x1600000, init_task at 0x1921aa40.
    expect(kernelImageToPhys(0xffffffff97c1aa40n, 0x1600000n)).toBe(0x1921aa40n);
  });

  it('derives phys_base from the kernel text PT_LOAD, ignoring direct-map and vaddr-0 segments', () => {
    const segs = [
      { vaddr: 0n, paddr: 0x100000n, size: 0x1000n },
      { vaddr: 0xffffffffac000000n, paddr: 0xa000000n, size: 0x2830000n },
      { vaddr: 0xffff8c3840100000n, paddr: 0x100000n, size: 0x1000n },
    ];
    expect(physBaseFromSegments(segs)).toBe(0xffffffffde000000n);
    expect(
      physBaseFromSegments([
        { vaddr: 0xffffffff81000000n, paddr: 0x1000000n, size: 1n },
        { vaddr: 0xffffffff82000000n, paddr: 0x5000000n, size: 1n },
      ]),
    ).toBeUndefined();
    expect(inKernelImage(0xffffffffc0000000n)).toBe(false);
  });

  it('prefers input, then VMCOREINFO, then the kdump header, then the segments, warning on conflicts', () => {
    const segs = [{ vaddr: 0xffffffff81000000n, paddr: 0x2000000n, size: 1n }];
    expect(resolvePhysBase({ kdumpHeader: 0x1600000n, segments: segs }).physBase?.source).toBe(
      'kdump-header',
    );
    expect(resolvePhysBase({ segments: segs }).physBase).toEqual({
      value: 0x1000000n,
      source: 'elf-text-segment',
    });
    const r = resolvePhysBase({ input: 5n, vmcoreinfo: 5n, kdumpHeader: 0n });
    expect(r.physBase?.source).toBe('input');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toContain('kdump-header');
    expect(resolvePhysBase({}).physBase).toBeUndefined();
  });

  it("does not report QEMU's kdump header phys_base (decimal read as hex) as a conflict", () => {
    expect(qemuHeaderPhysBase(23068672n)).toBe(0x23068672n);
    const r = resolvePhysBase({ vmcoreinfo: 23068672n, kdumpHeader: 0x23068672n });
    expect(r.physBase).toEqual({ value: 0x1600000n, source: 'vmcoreinfo' });
    expect(r.warnings).toEqual([]);
    expect(resolvePhysBase({ vmcoreinfo: 23068672n, kdumpHeader: 0n }).warnings).toHaveLength(1);
  });
});
