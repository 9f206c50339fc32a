// The kernel's virtual address space over a dump's physical memory: every page of a
// read is translated on its own, so a read may cross from one mapping into another (or
// into an unmapped page). Faults always name the first virtual address that could not
// be read; a physical fault keeps its reason (excluded, beyond-dump, hole…).
import { FaultError } from '../errors';
import type { AddressSpace } from './address-space';
import type { PhysReader } from './physical-space';

const U64_END = 1n << 64n;

/** Virtual → physical translation for one address (the page tables, or a linear map). */
export interface Translator {
  /**
   * The physical address of `vaddr` and the size of the (aligned) page mapping it.
   * Throws FaultError('virtual') when `vaddr` is not mapped.
   */
  translate(vaddr: bigint): Promise<{ paddr: bigint; pageSize: bigint }>;
}

export class VirtualAddressSpace implements AddressSpace {
  readonly kind = 'virtual' as const;

  constructor(
    private readonly mem: PhysReader,
    private readonly translator: Translator,
  ) {}

  async read(address: bigint, length: number): Promise<Uint8Array> {
    if (length <= 0) return new Uint8Array(0);
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const vaddr = address + BigInt(done);
      if (vaddr >= U64_END) {
        throw new FaultError(vaddr - U64_END, 'not-present', 'virtual', 'read wraps past 2^64');
      }
      const { paddr, pageSize } = await this.translator.translate(vaddr);
      const inPage = Number(pageSize - (vaddr & (pageSize - 1n)));
      const n = Math.min(inPage, length - done);
      out.set(await this.readPhys(vaddr, paddr, n), done);
      done += n;
    }
    return out;
  }

  /** The physical address of `vaddr` (translation only, nothing read). */
  async translate(vaddr: bigint): Promise<bigint> {
    return (await this.translator.translate(vaddr)).paddr;
  }

  private async readPhys(vaddr: bigint, paddr: bigint, n: number): Promise<Uint8Array> {
    try {
      return await this.mem.readPhys(paddr, n);
    } catch (e) {
      if (e instanceof FaultError && e.space === 'physical') {
        const inside = e.address >= paddr && e.address < paddr + BigInt(n);
        const at = vaddr + (inside ? e.address - paddr : 0n);
        const why = e.detail ? `; ${e.detail}` : '';
        throw new FaultError(at, e.reason, 'virtual', `physical 0x${e.address.toString(16)}${why}`);
      }
      throw e;
    }
  }
}
