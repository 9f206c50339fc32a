import { describe, expect, it } from 'vitest';
import { FaultError } from '../errors';
import { KernelImageSpace } from './kernel-image-space';

describe('KernelImageSpace', () => {
  const reads: [bigint, number][] = [];
  const phys = (pa: bigint, len: number) => {
    reads.push([pa, len]);
    if (pa >= 0x2000_0000n) return Promise.reject(new FaultError(pa, 'excluded', 'physical'));
    return Promise.resolve(new Uint8Array(len).fill(Number(pa & 0xffn)));
  };

  it('maps image addresses through phys_base, taken modulo 2^64 when negative', async () => {
    // NUMBER(phys_base)=-570425344 of the fixture = 0xffffffffde000000.
    const s = new KernelImageSpace(phys, -570425344n);
    expect(s.physBase).toBe(0xffffffffde000000n);
    expect(s.toPhys(0xffffffffada1aa40n)).toBe(0xba1aa40n);
    const b = await s.read(0xffffffffada1aa41n, 4);
    expect(b).toEqual(new Uint8Array(4).fill(0x41));
    expect(reads.at(-1)).toEqual([0xba1aa41n, 4]);
  });

  it('refuses addresses outside the image and names virtual addresses in faults', async () => {
    const s = new KernelImageSpace(phys, 0n);
    await expect(s.read(0xffff888000000000n, 8)).rejects.toThrow(
      'cannot read virtual address 0xffff888000000000: not-present (outside the kernel image mapping)',
    );
    await expect(s.read(0xffffffffbffffffcn, 8)).rejects.toBeInstanceOf(FaultError);
    await expect(s.read(0xffffffffa0000010n, 8)).rejects.toThrow(
      'cannot read virtual address 0xffffffffa0000010: excluded (physical 0x20000010)',
    );
    expect(await s.read(0xffffffff80000000n, 0)).toHaveLength(0);
  });
});
