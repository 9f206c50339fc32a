// The dump's physical memory as an AddressSpace (what `rd -p` reads).
import type { AddressSpace } from './address-space';

/** Physical memory as page walks and virtual reads need it (a DumpImage is one). */
export interface PhysReader {
  /** Throws FaultError('physical', reason) for the first byte that cannot be read. */
  readPhys(paddr: bigint, length: number): Promise<Uint8Array>;
}

export class PhysicalAddressSpace implements AddressSpace {
  readonly kind = 'physical' as const;
  constructor(private readonly mem: PhysReader) {}

  read(address: bigint, length: number): Promise<Uint8Array> {
    return this.mem.readPhys(address, length);
  }
}
