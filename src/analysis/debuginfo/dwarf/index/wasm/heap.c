// The bump heap of the WebAssembly module (heap.h): from __heap_base up, memory grown by
// whole 64 KiB pages.
#include "heap.h"

extern u8 __heap_base;
static u32 heap_top;
static u32 heap_floor;

EXPORT(cl_alloc) u32 cl_alloc(u32 size) {
  if (!heap_top) heap_top = heap_floor = ((u32)&__heap_base + 15) & ~15u;
  u32 p = heap_top;
  u32 end = p + ((size + 15) & ~15u);
  u32 have = __builtin_wasm_memory_size(0) * 65536u;
  if (end > have) {
    u32 pages = (end - have + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, pages) < 0) __builtin_trap();
  }
  heap_top = end;
  return p;
}

void heap_reset(void) {
  if (!heap_top) cl_alloc(0);
  heap_top = heap_floor;
}
