// The merge's DW_AT_ranges lists (the rows the index lanes defer, index-part.ts D_*)
// read from DWARF 5 .debug_rnglists (§2.17.3, DW_RLE_* §7.25) into u32 halves: the
// TypeScript rnglist-halves.ts and deferred-ranges.ts, kept in step, as compiled code
// (the merge runs cold on the main thread while the index workers hold the cores).
// Only 8-byte little-endian addresses; for anything else, or anything malformed, a
// part's rows are all left to the TypeScript reader (which reports errors).
#include "heap.h"

enum { RLE_end_of_list, RLE_base_addressx, RLE_startx_endx, RLE_startx_length,
       RLE_offset_pair, RLE_base_address, RLE_start_end, RLE_start_length };

// index-part.ts unit row fields and deferred row fields.
enum { U_OFFSET_SIZE = 5, U_ADDRESS_SIZE = 6, U_VERSION = 3, U_ADDR_BASE = 9,
       U_RNGLISTS_BASE = 10, U_BASE_LO = 15, U_BASE_HI = 16, UNIT_FIELDS = 20 };
enum { D_OWNER, D_UNIT, D_DIE, D_NAME, D_FORM, D_VALUE, DEFERRED_FIELDS };

#define MAX_ENTRIES (1u << 20)
#define TWO49 562949953421312.0

static const u8 *rng; // .debug_rnglists from section offset rngStart, copied in by the caller
static u32 rngLen;
static double rngStart;
static const u8 *adr; // .debug_addr, likewise (0: none)
static u32 adrLen;
static double adrStart;

EXPORT(rl_init)
void rl_init(u32 r, u32 rlen, double rstart, u32 a, u32 alen, double astart) {
  rng = (const u8 *)r;
  rngLen = rlen;
  rngStart = rstart;
  adr = (const u8 *)a;
  adrLen = alen;
  adrStart = astart;
}

static u32 pos;

/** The ULEB128 at pos (advanced): at most 7 bytes, so below 2^49; -1 otherwise. */
static double uleb(void) {
  u64 v = 0;
  for (u32 shift = 0; pos < rngLen && shift < 49; shift += 7) {
    u8 x = rng[pos++];
    v |= (u64)(x & 0x7f) << shift;
    if (x < 0x80) return (double)v;
  }
  return -1;
}

/** The 8-byte address at double offset `at` of `b` (`len` bytes); 0 with *ok = 0 past it. */
static u64 address(const u8 *b, u32 len, double at, int *ok) {
  if (!(at >= 0) || at + 8 > len) {
    *ok = 0;
    return 0;
  }
  return rd(b, (u32)at, 8);
}

/** The address at pos (advanced), or, when `indexed`, entry ULEB128 of .debug_addr. */
static u64 start(int indexed, double addrBase, int *ok) {
  if (indexed) {
    double i = uleb();
    if (!adr || i < 0) {
      *ok = 0;
      return 0;
    }
    return address(adr, adrLen, addrBase + 8 * i - adrStart, ok);
  }
  pos += 8;
  return address(rng, rngLen, (double)pos - 8, ok);
}

static Vec ranges[2]; // u32 [lowLo, lowHi, highLo, highHi]: of functions, of units
static Vec fnNames, fnDies, unitOwners;

/**
 * Appends the nonempty ranges with a nonzero start of the list at `offset` (or the unit's
 * list `index` when offset < 0) to `out`; returns their count, or -1 (the TypeScript
 * reader's list) with `out` as it was.
 */
static i32 list_halves(const double *unit, double offset, double index, Vec *out) {
  if (!rng || unit[U_VERSION] < 5 || unit[U_ADDRESS_SIZE] != 8) return -1;
  if (offset < 0) {
    double base = unit[U_RNGLISTS_BASE];
    double at = base + index * 4 - rngStart;
    if (unit[U_OFFSET_SIZE] != 4 || !(at >= 0) || at + 4 > rngLen) return -1;
    offset = base + (double)rd(rng, (u32)at, 4);
  }
  double p = offset - rngStart;
  if (!(p >= 0) || p >= 2147483648.0) return -1; // rnglist-halves.ts takes it as an int32
  pos = (u32)p;
  u32 before = out->len;
  double addrBase = unit[U_ADDR_BASE];
  u64 base = (u64)(u32)unit[U_BASE_HI] << 32 | (u32)unit[U_BASE_LO];
  int ok = 1;
  for (u32 n = 0; n < MAX_ENTRIES && pos < rngLen; n++) {
    u8 kind = rng[pos++];
    if (kind == RLE_end_of_list) return (i32)((out->len - before) / 4);
    if (kind == RLE_base_address || kind == RLE_base_addressx) {
      base = start(kind == RLE_base_addressx, addrBase, &ok);
      if (!ok) break;
      continue;
    }
    u64 lo, hi;
    if (kind == RLE_offset_pair) {
      double a = uleb(), c = uleb();
      if (a < 0 || c < 0) break;
      lo = base + (u64)a;
      hi = base + (u64)c;
    } else {
      int indexed = kind == RLE_startx_endx || kind == RLE_startx_length;
      int length = kind == RLE_startx_length || kind == RLE_start_length;
      if (!indexed && kind != RLE_start_end && kind != RLE_start_length) break;
      lo = start(indexed, addrBase, &ok);
      if (!ok) break;
      if (length) {
        double m = uleb();
        if (m < 0) break;
        hi = lo + (u64)m;
      } else {
        hi = start(indexed, addrBase, &ok);
        if (!ok) break;
      }
    }
    if (lo != 0 && lo < hi) {
      vec_room(out, 4);
      u32 *r = (u32 *)out->ptr + out->len;
      r[0] = (u32)lo;
      r[1] = (u32)(lo >> 32);
      r[2] = (u32)hi;
      r[3] = (u32)(hi >> 32);
      out->len += 4;
    }
  }
  out->len = before;
  return -1;
}

/**
 * Reads the `n` deferred rows at `rows` of a part whose `unitCount` unit rows are at
 * `units`. Returns 0, with the ranges in rl_results, or -1 when some list is the
 * TypeScript reader's.
 */
EXPORT(rl_read) i32 rl_read(u32 rows, u32 n, u32 units, u32 unitCount) {
  if (!ranges[0].cap) {
    vec_init(&ranges[0], 4, 4096);
    vec_init(&ranges[1], 4, 1024);
    vec_init(&fnNames, 8, 1024);
    vec_init(&fnDies, 8, 1024);
    vec_init(&unitOwners, 4, 256);
  }
  ranges[0].len = ranges[1].len = fnNames.len = fnDies.len = unitOwners.len = 0;
  const double *d = (const double *)rows;
  for (u32 i = 0; i < n; i++, d += DEFERRED_FIELDS) {
    if (!(d[D_UNIT] >= 0 && d[D_UNIT] < unitCount)) return -1;
    int toUnit = d[D_OWNER] == 1;
    int indexed = d[D_FORM] == 1;
    const double *unit = (const double *)units + (u32)d[D_UNIT] * UNIT_FIELDS;
    i32 k = list_halves(unit, indexed ? -1 : d[D_VALUE], indexed ? d[D_VALUE] : 0, &ranges[toUnit]);
    if (k < 0) return -1;
    for (i32 j = 0; j < k; j++) {
      if (toUnit) push_u32(&unitOwners, (u32)d[D_UNIT]);
      else {
        push_f64(&fnNames, d[D_NAME]);
        push_f64(&fnDies, d[D_DIE]);
      }
    }
  }
  return 0;
}

static u32 results[10];
/** [ptr, length] of: function ranges, unit ranges, function names, function DIEs, unit owners. */
EXPORT(rl_results) u32 rl_results(void) {
  Vec *all[] = {&ranges[0], &ranges[1], &fnNames, &fnDies, &unitOwners};
  for (int i = 0; i < 5; i++) {
    results[2 * i] = all[i]->ptr;
    results[2 * i + 1] = all[i]->len;
  }
  return (u32)results;
}
