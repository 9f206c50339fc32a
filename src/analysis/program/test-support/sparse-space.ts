// A virtual AddressSpace for unit tests: 4 KiB pages written on demand; a read touching
// a page never written faults like an unmapped kernel address.
import { FaultError } from '../../errors';
import type { AddressSpace } from '../../memory/address-space';

const PAGE = 4096n;

export class SparseSpace implements AddressSpace {
  readonly kind = 'virtual' as const;
  private readonly pages = new Map<bigint, Uint8Array>();

  write(address: bigint, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const a = address + BigInt(i);
      let p = this.pages.get(a / PAGE);
      if (!p) this.pages.set(a / PAGE, (p = new Uint8Array(Number(PAGE))));
      p[Number(a % PAGE)] = bytes[i]!;
    }
  }

  writeU64(address: bigint, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    this.write(address, b);
  }

  writeU32(address: bigint, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.write(address, b);
  }

  writeString(address: bigint, s: string): void {
    this.write(address, new TextEncoder().encode(s + '\0'));
  }

  read(address: bigint, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const a = address + BigInt(i);
      const p = this.pages.get(a / PAGE);
      if (!p) return Promise.reject(new FaultError(a, 'not-present', 'virtual'));
      out[i] = p[Number(a % PAGE)]!;
    }
    return Promise.resolve(out);
  }
}
