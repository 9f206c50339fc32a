import { clampLength, type ByteSource } from './byte-source';

export interface CacheOptions {
  /** Aligned block size in bytes (a power of two). */
  blockSize?: number;
  /** Upper bound of cached bytes; least recently used blocks are dropped beyond it. */
  budgetBytes?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  bytesRead: number;
  cachedBytes: number;
}

/**
 * A caching decorator: memoizes aligned block promises (so concurrent readers of one
 * block share a single underlying read) in an LRU bounded by a byte budget.
 * Reads larger than a quarter of the budget go straight to the underlying source.
 */
/** The cache a session gives each file it opens (the app, the CLI and the benchmark). */
export const SESSION_CACHE_BYTES = 64 << 20;

export class CachedSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  readonly blockSize: number;
  readonly budgetBytes: number;
  private readonly blocks = new Map<number, Promise<Uint8Array>>();
  readonly stats: CacheStats = { hits: 0, misses: 0, bytesRead: 0, cachedBytes: 0 };

  constructor(
    private readonly inner: ByteSource,
    opts: CacheOptions = {},
  ) {
    this.name = inner.name;
    this.size = inner.size;
    this.blockSize = opts.blockSize ?? 64 * 1024;
    this.budgetBytes = opts.budgetBytes ?? 32 * 1024 * 1024;
    if (this.blockSize <= 0 || (this.blockSize & (this.blockSize - 1)) !== 0) {
      throw new RangeError(`cache block size must be a power of two, got ${this.blockSize}`);
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = clampLength(this.size, offset, length);
    if (n === 0) return new Uint8Array(0);
    if (n > this.budgetBytes / 4) {
      this.stats.bytesRead += n;
      return this.inner.read(offset, n);
    }
    const bs = this.blockSize;
    const first = Math.floor(offset / bs);
    const last = Math.floor((offset + n - 1) / bs);
    if (first === last) {
      const block = await this.block(first);
      const start = offset - first * bs;
      return block.subarray(start, start + n);
    }
    const parts: Promise<Uint8Array>[] = [];
    for (let b = first; b <= last; b++) parts.push(this.block(b));
    const blocks = await Promise.all(parts);
    const out = new Uint8Array(n);
    let pos = 0;
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i]!;
      const start = i === 0 ? offset - first * bs : 0;
      const take = Math.min(block.length - start, n - pos);
      out.set(block.subarray(start, start + take), pos);
      pos += take;
    }
    return out;
  }

  close(): Promise<void> {
    this.blocks.clear();
    this.stats.cachedBytes = 0;
    return this.inner.close?.() ?? Promise.resolve();
  }

  private block(index: number): Promise<Uint8Array> {
    const hit = this.blocks.get(index);
    if (hit) {
      this.stats.hits++;
      // Refresh LRU position: Map iteration order is insertion order.
      this.blocks.delete(index);
      this.blocks.set(index, hit);
      return hit;
    }
    this.stats.misses++;
    const start = index * this.blockSize;
    const len = Math.min(this.blockSize, this.size - start);
    this.stats.bytesRead += len;
    const p = this.inner.read(start, len);
    this.blocks.set(index, p);
    this.stats.cachedBytes += len;
    // A failed read must not stay cached.
    p.catch(() => {
      if (this.blocks.get(index) === p) {
        this.blocks.delete(index);
        this.stats.cachedBytes -= len;
      }
    });
    this.evict();
    return p;
  }

  private evict(): void {
    while (this.stats.cachedBytes > this.budgetBytes && this.blocks.size > 1) {
      const oldest = this.blocks.keys().next();
      if (oldest.done) break;
      const start = oldest.value * this.blockSize;
      this.blocks.delete(oldest.value);
      this.stats.cachedBytes -= Math.min(this.blockSize, this.size - start);
    }
  }
}
