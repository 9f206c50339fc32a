// Stack reads for one unwind: whole pages at a time (a task's frames sit on a few pages),
// kept for the unwind so that each word does not go through page translation again.
import type { AddressSpace } from '../memory/address-space';
import type { UnwindMemory } from './unwind-types';

const PAGE = 4096n;
const MAX_PAGES = 64;

export class StackReader implements UnwindMemory {
  private readonly pages = new Map<bigint, Promise<Uint8Array>>();

  constructor(private readonly space: AddressSpace) {}

  async read(address: bigint, length: number): Promise<Uint8Array> {
    const first = address & ~(PAGE - 1n);
    const last = (address + BigInt(length) - 1n) & ~(PAGE - 1n);
    if (first !== last || this.pages.size >= MAX_PAGES) return this.space.read(address, length);
    let p = this.pages.get(first);
    if (!p) {
      p = this.space.read(first, Number(PAGE));
      this.pages.set(first, p);
      // A failed page read is not kept: the next read reports its own fault.
      p.catch(() => this.pages.delete(first));
    }
    const page = await p;
    const o = Number(address - first);
    return page.subarray(o, o + length);
  }

  async readU64(address: bigint): Promise<bigint> {
    const b = await this.read(address, 8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  }
}
