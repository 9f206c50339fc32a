// A corrupted view of a real file without copying it: reads come from the file, with
// byte patches laid over them and the size cut short for truncation.
import type { ByteSource } from '../../../src/analysis/io/byte-source';

export interface Patch {
  offset: number;
  bytes: Uint8Array;
}

export class OverlaySource implements ByteSource {
  readonly size: number;
  constructor(
    private readonly inner: ByteSource,
    private readonly patches: readonly Patch[] = [],
    size = inner.size,
  ) {
    this.size = Math.min(size, inner.size);
  }

  get name(): string {
    return this.inner.name;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = offset >= this.size || length <= 0 ? 0 : Math.min(length, this.size - offset);
    const data = await this.inner.read(offset, n);
    const hits = this.patches.filter((p) => p.offset < offset + data.length && p.offset + p.bytes.length > offset);
    if (hits.length === 0) return data;
    const out = data.slice();
    for (const p of hits) {
      for (let i = 0; i < p.bytes.length; i++) {
        const at = p.offset + i - offset;
        if (at >= 0 && at < out.length) out[at] = p.bytes[i]!;
      }
    }
    return out;
  }
}
