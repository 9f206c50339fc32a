// A region of a WebAssembly instance's memory (wasm/heap.c bump heap) that grows by
// reallocation: the old block stays unused until the instance is dropped.

/** What a region needs of the instance: its heap and memory. */
export interface WasmHeap {
  memory: WebAssembly.Memory;
  cl_alloc(size: number): number;
}

export class Region {
  ptr = 0;
  cap = 0;
  constructor(private readonly x: WasmHeap) {}
  /** Room for `n` bytes; `keep` bytes of the old content move along. */
  reserve(n: number, keep = 0): number {
    if (n <= this.cap) return this.ptr;
    const cap = Math.max(n, 2 * this.cap, 4096);
    const ptr = this.x.cl_alloc(cap);
    if (keep) new Uint8Array(this.x.memory.buffer).copyWithin(ptr, this.ptr, this.ptr + keep);
    this.ptr = ptr;
    this.cap = cap;
    return ptr;
  }
}
