// What the C files of the WebAssembly module share: integer types, exports, a bump heap
// over the module's memory (grown with memory.grow, reset per index session) and
// growable arrays on it. Freestanding: no libc.
#ifndef CRASHLENS_HEAP_H
#define CRASHLENS_HEAP_H

typedef unsigned char u8;
typedef signed char i8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

#define EXPORT(name) __attribute__((export_name(#name)))
// Kept out of its callers: V8 compiles each hot function with TurboFan on a background
// thread while the scan runs in baseline code, in a time that grows faster than the
// function, so the hot loop stays a function of its own.
#define NOINLINE __attribute__((noinline))
#define NaN (__builtin_nan(""))

/** `size` bytes, 16-aligned, from the bump heap (heap.c). */
u32 cl_alloc(u32 size);
/** Frees everything allocated (a new index session). */
void heap_reset(void);

static inline void *memcpy_(void *d, const void *s, u32 n) {
  u8 *a = d;
  const u8 *b = s;
  while (n--) *a++ = *b++;
  return d;
}

/** A growable array of `size`-byte elements at `ptr` (growing leaves the old block). */
typedef struct {
  u32 ptr, len, cap, size;
} Vec;

static inline void vec_init(Vec *v, u32 size, u32 cap) {
  v->size = size;
  v->cap = cap;
  v->len = 0;
  v->ptr = cl_alloc(size * cap);
}

static inline void vec_room(Vec *v, u32 n) {
  if (v->len + n <= v->cap) return;
  u32 cap = v->cap * 2;
  while (cap < v->len + n) cap *= 2;
  u32 p = cl_alloc(v->size * cap);
  memcpy_((void *)p, (void *)v->ptr, v->size * v->len);
  v->ptr = p;
  v->cap = cap;
}

static inline void push_f64(Vec *v, double x) {
  vec_room(v, 1);
  ((double *)v->ptr)[v->len++] = x;
}

static inline void push_u32(Vec *v, u32 x) {
  vec_room(v, 1);
  ((u32 *)v->ptr)[v->len++] = x;
}

// Unaligned little-endian loads (WebAssembly loads need no alignment).
typedef u16 __attribute__((aligned(1))) u16u;
typedef u32 __attribute__((aligned(1))) u32u;
typedef u64 __attribute__((aligned(1))) u64u;

/** The `n`-byte little-endian integer at b[p]. */
static inline u64 rd(const u8 *b, u32 p, u32 n) {
  switch (n) {
    case 1: return b[p];
    case 2: return *(const u16u *)(b + p);
    case 4: return *(const u32u *)(b + p);
    case 8: return *(const u64u *)(b + p);
    default: {
      u64 v = 0;
      for (u32 i = 0; i < n; i++) v |= (u64)b[p + i] << (8 * i);
      return v;
    }
  }
}

#endif
