// A sparse kernel virtual address space for helper unit tests: byte regions placed at
// addresses, little-endian writers, and pages that fault (as an excluded page would).
import { FaultError } from '../../../errors';
import type { AddressSpace } from '../../../memory/address-space';

const PAGE = 4096n;

export class FakeMemory implements AddressSpace {
  readonly kind = 'virtual' as const;
  private readonly pages = new Map<bigint, Uint8Array>();
  private readonly faulting = new Set<bigint>();

  private page(pfn: bigint, create: boolean): Uint8Array | undefined {
    let p = this.pages.get(pfn);
    if (!p && create) {
      p = new Uint8Array(Number(PAGE));
      this.pages.set(pfn, p);
    }
    return p;
  }

  write(address: bigint, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const a = address + BigInt(i);
      this.page(a / PAGE, true)![Number(a % PAGE)] = bytes[i]!;
    }
  }

  /** Maps zeroed pages over [address, address + length). */
  alloc(address: bigint, length: number): void {
    for (let pfn = address / PAGE; pfn * PAGE < address + BigInt(length); pfn++) this.page(pfn, true);
  }

  writeU8(address: bigint, v: number): void {
    this.write(address, Uint8Array.of(v));
  }

  writeU16(address: bigint, v: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.write(address, b);
  }

  writeU32(address: bigint, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.write(address, b);
  }

  writeU64(address: bigint, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    this.write(address, b);
  }

  writeString(address: bigint, s: string, nul = true): void {
    const b = new TextEncoder().encode(s);
    this.write(address, b);
    if (nul) this.writeU8(address + BigInt(b.length), 0);
  }

  /** Makes the page holding `address` fault, as an excluded page does. */
  makeUnreadable(address: bigint): void {
    this.faulting.add(address / PAGE);
  }

  read(address: bigint, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; ) {
      const a = address + BigInt(i);
      const pfn = a / PAGE;
      const p = this.page(pfn, false);
      if (!p || this.faulting.has(pfn)) {
        return Promise.reject(new FaultError(a, p ? 'excluded' : 'not-present', 'virtual'));
      }
      const off = Number(a % PAGE);
      const n = Math.min(length - i, Number(PAGE) - off);
      out.set(p.subarray(off, off + n), i);
      i += n;
    }
    return Promise.resolve(out);
  }
}
