// A small TLB-like cache of virtual → physical translations, bounded in entries.
// Keys are (virtual page number, page size): a 2 MiB or 1 GiB mapping is one entry, as
// in a hardware TLB. Least recently used entries are dropped beyond the capacity.

/** A bounded LRU map (Map keeps insertion order; a hit moves the key to the end). */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`LRU capacity must be >= 1, got ${capacity}`);
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

/** One cached mapping: the physical base of a page of `pageSize` bytes. */
export interface CachedMapping {
  physBase: bigint;
  pageSize: bigint;
}

export class TranslationCache {
  private readonly entries: LruMap<bigint, CachedMapping>;
  hits = 0;
  misses = 0;

  /** `pageSizes`: the page sizes mappings can have, e.g. [4 KiB, 2 MiB, 1 GiB]. */
  constructor(
    private readonly pageSizes: readonly bigint[],
    capacity = 4096,
  ) {
    this.entries = new LruMap(capacity);
  }

  /** Physical address of `vaddr` if a mapping covering it is cached. */
  lookup(vaddr: bigint): { paddr: bigint; pageSize: bigint } | undefined {
    for (const size of this.pageSizes) {
      const m = this.entries.get(this.key(vaddr, size));
      if (m) {
        this.hits++;
        return { paddr: m.physBase + (vaddr & (size - 1n)), pageSize: size };
      }
    }
    this.misses++;
    return undefined;
  }

  insert(vaddr: bigint, physBase: bigint, pageSize: bigint): void {
    this.entries.set(this.key(vaddr, pageSize), { physBase, pageSize });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  // Page sizes are powers of two ≥ 4 KiB: the low 12 bits of (vaddr & ~(size-1)) are
  // free to carry the size's log2, which makes the key unique per (page, size).
  private key(vaddr: bigint, size: bigint): bigint {
    return (vaddr & ~(size - 1n)) | BigInt(size.toString(2).length - 1);
  }
}
