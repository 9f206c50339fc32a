// The merge's (kind, name) → DIE table in WebAssembly: name-table.ts NameTable, kept in
// step (same hash, same rule: the first entry of a (kind, name) stays unless it is a
// declaration and a definition follows, drgn_dwarf_find_definition). Keys stay bytes:
// a .debug_str offset, or bytes copied into `extra` for the parts' own strings. Compiled
// code: the merge runs cold on the main thread while both workers hold the cores.
#include "heap.h"

static const u8 *str; // .debug_str, copied in by the caller
static u32 strLen;
static Vec keyStart;  // f64: >= 0 offset in str, -(1 + offset) in extra
static Vec keyLength; // u32
static Vec kinds;     // u32
static Vec hashes;    // u32
static Vec dies;      // f64
static Vec decls;     // u32
static Vec extra;     // u8
static u32 *slots;    // 1 + entry index, 0: free
static u32 slotCap, count;

/** name-table.ts hashBytes: FNV-1a's steps, 24-bit state, seeded with the kind. */
static u32 hash_bytes(u32 kind, const u8 *b, u32 n) {
  u32 h = kind + 1;
  for (u32 i = 0; i < n; i++) h = ((h ^ b[i]) * 37) & 0xffffff;
  return h ^ (h >> 12);
}

static void place(u32 i) {
  u32 mask = slotCap - 1;
  u32 s = ((u32 *)hashes.ptr)[i] & mask;
  while (slots[s]) s = (s + 1) & mask;
  slots[s] = i + 1;
}

/** Starts an empty table over .debug_str at `s` (`n` bytes) for about `capacity` names. */
EXPORT(nt_init) void nt_init(u32 s, u32 n, u32 capacity) {
  str = (const u8 *)s;
  strLen = n;
  if (capacity < 16) capacity = 16;
  vec_init(&keyStart, 8, capacity);
  vec_init(&keyLength, 4, capacity);
  vec_init(&kinds, 4, capacity);
  vec_init(&hashes, 4, capacity);
  vec_init(&dies, 8, capacity);
  vec_init(&decls, 4, capacity);
  vec_init(&extra, 1, 4096);
  slotCap = 16;
  while (slotCap < 2 * capacity) slotCap *= 2;
  slots = (u32 *)cl_alloc(slotCap * 4);
  for (u32 i = 0; i < slotCap; i++) slots[i] = 0;
  count = 0;
}

static const u8 *key_bytes(u32 i) {
  double s = ((double *)keyStart.ptr)[i];
  return s >= 0 ? str + (u32)s : (const u8 *)extra.ptr + (u32)(-1 - s);
}

/** The entry of (kind, bytes), or -1. */
static i32 find(u32 h, u32 kind, const u8 *b, u32 n) {
  u32 mask = slotCap - 1;
  for (u32 s = h & mask;; s = (s + 1) & mask) {
    u32 i = slots[s];
    if (!i) return -1;
    i--;
    if (((u32 *)hashes.ptr)[i] != h || ((u32 *)kinds.ptr)[i] != kind) continue;
    if (((u32 *)keyLength.ptr)[i] != n) continue;
    const u8 *k = key_bytes(i);
    u32 j = 0;
    while (j < n && k[j] == b[j]) j++;
    if (j == n) return (i32)i;
  }
}

/** Adds or upgrades the entry; `key`: keyStart's encoding when the bytes are new. */
static void add(u32 h, u32 kind, const u8 *b, u32 n, double key, double die, u32 decl) {
  i32 found = find(h, kind, b, n);
  if (found >= 0) {
    u32 *d = (u32 *)decls.ptr + found;
    if (*d && !decl) {
      ((double *)dies.ptr)[found] = die;
      *d = 0;
    }
    return;
  }
  if (key < 0) { // a part string: its bytes move into `extra`
    vec_room(&extra, n);
    memcpy_((u8 *)extra.ptr + extra.len, b, n);
    key = -1.0 - extra.len;
    extra.len += n;
  }
  push_f64(&keyStart, key);
  push_u32(&keyLength, n);
  push_u32(&kinds, kind);
  push_u32(&hashes, h);
  push_f64(&dies, die);
  push_u32(&decls, decl);
  count++;
  if (2 * count <= slotCap) {
    place(count - 1);
    return;
  }
  slotCap *= 2;
  slots = (u32 *)cl_alloc(slotCap * 4);
  for (u32 i = 0; i < slotCap; i++) slots[i] = 0;
  for (u32 i = 0; i < count; i++) place(i);
}

/**
 * NameTable.addRows: rows of `stride` f64 at `rows` (`n` of them), a name ref at `name`,
 * then the DIE offset, then 1 for a declaration; the kind at `kindAt`, or `kind` when
 * kindAt < 0. The part's strings: `strCount` [offset, length] pairs at `strIndex` into
 * `strBytes`. Returns the first name ref past .debug_str (rows from there on are not
 * added), or -1.
 */
EXPORT(nt_add_rows)
double nt_add_rows(u32 rows, u32 n, u32 stride, u32 name, i32 kindAt, u32 kind, u32 strIndex,
                   u32 strCount, u32 strBytes) {
  const double *r = (const double *)rows;
  const u32 *si = (const u32 *)strIndex;
  for (u32 row = 0; row < n; row++, r += stride) {
    double ref = r[name];
    if (ref != ref) continue; // unnamed
    u32 k = kindAt < 0 ? kind : (u32)r[kindAt];
    double die = r[name + 1];
    u32 decl = r[name + 2] == 1;
    if (ref >= 0) {
      if (ref >= strLen) return ref;
      u32 at = (u32)ref;
      u32 end = at;
      while (end < strLen && str[end]) end++;
      add(hash_bytes(k, str + at, end - at), k, str + at, end - at, ref, die, decl);
    } else {
      u32 id = (u32)(-1 - ref);
      const u8 *b = (const u8 *)strBytes;
      u32 off = id < strCount ? si[2 * id] : 0, len = id < strCount ? si[2 * id + 1] : 0;
      add(hash_bytes(k, b + off, len), k, b + off, len, -1, die, decl);
    }
  }
  return -1;
}

/** The entry of (kind, the `n` bytes at `b`), or -1. */
EXPORT(nt_find) i32 nt_find(u32 kind, u32 b, u32 n) {
  return find(hash_bytes(kind, (const u8 *)b, n), kind, (const u8 *)b, n);
}

EXPORT(nt_count) u32 nt_count(void) { return count; }
EXPORT(nt_die) double nt_die(u32 i) { return ((double *)dies.ptr)[i]; }
EXPORT(nt_decl) u32 nt_decl(u32 i) { return ((u32 *)decls.ptr)[i]; }
EXPORT(nt_kind) u32 nt_kind(u32 i) { return ((u32 *)kinds.ptr)[i]; }
EXPORT(nt_key) u32 nt_key(u32 i) { return (u32)key_bytes(i); }
EXPORT(nt_key_length) u32 nt_key_length(u32 i) { return ((u32 *)keyLength.ptr)[i]; }
