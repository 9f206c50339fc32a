// Corrupting a real dump without copying it: a ByteSource that reads through to the file
// and replaces chosen bytes, and the file offset of a physical address in an ELF vmcore
// (from its PT_LOAD headers), so that tests can patch kernel memory in place.
import type { ByteSource } from '../../src/analysis/io/byte-source';

export class OverlaySource implements ByteSource {
  private readonly patches: { offset: number; bytes: Uint8Array }[] = [];

  constructor(private readonly inner: ByteSource) {}

  get name(): string {
    return this.inner.name;
  }

  get size(): number {
    return this.inner.size;
  }

  patch(offset: number, bytes: Uint8Array): this {
    this.patches.push({ offset, bytes });
    return this;
  }

  patchU64(offset: number, v: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    return this.patch(offset, b);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const got = await this.inner.read(offset, length);
    const hits = this.patches.filter((p) => p.offset < offset + got.length && p.offset + p.bytes.length > offset);
    if (!hits.length) return got;
    const out = Uint8Array.from(got);
    for (const p of hits) {
      for (let i = 0; i < p.bytes.length; i++) {
        const at = p.offset + i - offset;
        if (at >= 0 && at < out.length) out[at] = p.bytes[i]!;
      }
    }
    return out;
  }
}

/**
 * File offsets of physical address `paddr` in an ELF64 little-endian core: one per PT_LOAD
 * holding it in its file part (kernel vmcores map the kernel image twice).
 */
export async function elfFileOffsetsOfPhys(src: ByteSource, paddr: bigint): Promise<number[]> {
  const eh = await src.read(0, 64);
  const v = new DataView(eh.buffer, eh.byteOffset, 64);
  const phoff = Number(v.getBigUint64(32, true));
  const phentsize = v.getUint16(54, true);
  const phnum = v.getUint16(56, true);
  const ph = await src.read(phoff, phentsize * phnum);
  const pv = new DataView(ph.buffer, ph.byteOffset, ph.byteLength);
  const out: number[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * phentsize;
    if (pv.getUint32(o, true) !== 1) continue; // PT_LOAD
    const off = pv.getBigUint64(o + 8, true);
    const pa = pv.getBigUint64(o + 24, true);
    const filesz = pv.getBigUint64(o + 32, true);
    if (paddr >= pa && paddr < pa + filesz) out.push(Number(off + (paddr - pa)));
  }
  if (out.length) return out;
  throw new Error(`physical 0x${paddr.toString(16)} is in no PT_LOAD of ${src.name}`);
}
