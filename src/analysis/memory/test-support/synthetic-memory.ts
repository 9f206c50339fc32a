// Synthetic physical memory for unit tests: sparse 4 KiB pages (unwritten pages read as
// zeros), excluded pages (as makedumpfile filters them) and an end of dump.
import { FaultError } from '../../errors';
import type { DumpImage, PageState } from '../../formats/dump-image';
import type { PhysReader } from '../physical-space';

const PAGE = 4096;

export class SyntheticMemory implements PhysReader {
  private readonly pages = new Map<bigint, Uint8Array>();
  private readonly excluded = new Set<bigint>();
  reads = 0;

  /** `size`: bytes of physical memory; reads at or above it fault with 'beyond-dump'. */
  constructor(readonly size: bigint) {}

  private page(pfn: bigint): Uint8Array {
    let p = this.pages.get(pfn);
    if (!p) {
      p = new Uint8Array(PAGE);
      this.pages.set(pfn, p);
    }
    return p;
  }

  write(paddr: bigint, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const a = paddr + BigInt(i);
      this.page(a >> 12n)[Number(a & 0xfffn)] = bytes[i]!;
    }
  }

  writeU64(paddr: bigint, value: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    this.write(paddr, b);
  }

  /** Synchronous read of a u64 (zero where nothing was written). */
  peekU64(paddr: bigint): bigint {
    const p = this.pages.get(paddr >> 12n);
    if (!p) return 0n;
    return new DataView(p.buffer).getBigUint64(Number(paddr & 0xfffn), true);
  }

  exclude(paddr: bigint): void {
    this.excluded.add(paddr >> 12n);
  }

  state(paddr: bigint): PageState | 'beyond-dump' {
    if (paddr >= this.size) return 'beyond-dump';
    return this.excluded.has(paddr >> 12n) ? 'excluded' : 'present';
  }

  readPhys(paddr: bigint, length: number): Promise<Uint8Array> {
    this.reads++;
    const out = new Uint8Array(length);
    for (let i = 0; i < length;) {
      const a = paddr + BigInt(i);
      const st = this.state(a);
      if (st === 'beyond-dump' || st === 'excluded') {
        return Promise.reject(new FaultError(a, st, 'physical'));
      }
      const off = Number(a & 0xfffn);
      const n = Math.min(PAGE - off, length - i);
      const p = this.pages.get(a >> 12n);
      if (p) out.set(p.subarray(off, off + n), i);
      i += n;
    }
    return Promise.resolve(out);
  }

  /** A DumpImage over this memory, with `overrides` for the header facts, notes, segments. */
  asDumpImage(overrides: Partial<DumpImage> = {}): DumpImage {
    return {
      format: 'elf',
      files: ['synthetic'],
      compression: 'none',
      producer: 'kernel',
      arch: 'x86_64',
      littleEndian: true,
      pageSize: PAGE,
      facts: {},
      notes: [],
      physRanges: [{ start: 0n, end: this.size }],
      virtualSegments: [],
      excludedPages: this.excluded.size,
      warnings: [],
      pageState: (a) => {
        const s = this.state(a);
        return s === 'beyond-dump' ? 'hole' : s;
      },
      readPhys: (a, n) => this.readPhys(a, n),
      ...overrides,
    };
  }
}
