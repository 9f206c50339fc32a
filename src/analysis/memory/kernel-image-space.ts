// The x86_64 kernel image mapping as an AddressSpace, with no page table: for an address
// in [__START_KERNEL_map, + KERNEL_IMAGE_SIZE) the kernel's own __phys_addr_symbol gives
// `pa = va - 0xffffffff80000000 + phys_base` (arch/x86/include/asm/page_64.h). Enough to
// read kallsyms, BTF, init_top_pgt and every other image variable before page tables
// are walked. phys_base: VMCOREINFO NUMBER(phys_base), signed (added modulo 2^64).
import { FaultError } from '../errors';
import type { AddressSpace } from './address-space';
import { KERNEL_IMAGE_SIZE_KASLR, inKernelImage, kernelImageToPhys } from './x86_64/kaslr';
import { START_KERNEL_MAP } from './x86_64/pgtable-types';

export type PhysRead = (paddr: bigint, length: number) => Promise<Uint8Array>;

export class KernelImageSpace implements AddressSpace {
  readonly kind = 'virtual' as const;
  /** phys_base as an unsigned 64-bit pattern. */
  readonly physBase: bigint;

  constructor(
    private readonly readPhys: PhysRead,
    /** Signed (VMCOREINFO) or unsigned; taken modulo 2^64. */
    physBase: bigint,
    readonly imageSize: bigint = KERNEL_IMAGE_SIZE_KASLR,
  ) {
    this.physBase = BigInt.asUintN(64, physBase);
  }

  toPhys(va: bigint): bigint {
    return kernelImageToPhys(va, this.physBase);
  }

  async read(address: bigint, length: number): Promise<Uint8Array> {
    if (length <= 0) return new Uint8Array(0);
    const last = address + BigInt(length - 1);
    if (!inKernelImage(address, this.imageSize)) {
      throw new FaultError(address, 'not-present', 'virtual', 'outside the kernel image mapping');
    }
    if (!inKernelImage(last, this.imageSize)) {
      throw new FaultError(
        START_KERNEL_MAP + this.imageSize,
        'not-present',
        'virtual',
        'outside the kernel image mapping',
      );
    }
    const pa = this.toPhys(address);
    try {
      return await this.readPhys(pa, length);
    } catch (e) {
      if (e instanceof FaultError && e.space === 'physical') {
        // Name the virtual address the caller asked for, and the physical one that failed.
        throw new FaultError(
          address + (e.address - pa),
          e.reason,
          'virtual',
          `physical 0x${e.address.toString(16)}${e.detail ? `; ${e.detail}` : ''}`,
        );
      }
      throw e;
    }
  }
}
