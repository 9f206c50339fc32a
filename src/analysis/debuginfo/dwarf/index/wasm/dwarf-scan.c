// The index scan's hot loop as WebAssembly (built by scripts/build-wasm.sh into
// dwarf-scan-wasm.ts). Same algorithm and output as the TypeScript scan (scan-dies.ts,
// record-die.ts, abbrev-program.ts; drgn: libdrgn/dwarf_info.c index_cu): abbreviation
// tables compiled into skip/record programs, DIEs walked with DW_AT_sibling jumps, and
// the depth-1 types, variables and functions recorded into tables shaped like IndexPart.
// Compiled code has no JIT warm-up, which on 2 cores cost two fresh index workers more
// than their whole warm scan. Little-endian DWARF only; a unit whose table holds a form
// this file does not handle (compile() returns 0) is scanned by the TypeScript path.
// Freestanding: no libc; memory is a bump heap grown with memory.grow.

#include "heap.h"

// ---- DWARF constants (DWARF 5 §7.5) ----
enum {
  F_addr = 0x01, F_block2 = 0x03, F_block4 = 0x04, F_data2 = 0x05, F_data4 = 0x06,
  F_data8 = 0x07, F_string = 0x08, F_block = 0x09, F_block1 = 0x0a, F_data1 = 0x0b,
  F_flag = 0x0c, F_sdata = 0x0d, F_strp = 0x0e, F_udata = 0x0f, F_ref_addr = 0x10,
  F_ref1 = 0x11, F_ref2 = 0x12, F_ref4 = 0x13, F_ref8 = 0x14, F_ref_udata = 0x15,
  F_indirect = 0x16, F_sec_offset = 0x17, F_exprloc = 0x18, F_flag_present = 0x19,
  F_strx = 0x1a, F_addrx = 0x1b, F_ref_sup4 = 0x1c, F_strp_sup = 0x1d, F_data16 = 0x1e,
  F_line_strp = 0x1f, F_ref_sig8 = 0x20, F_implicit_const = 0x21, F_loclistx = 0x22,
  F_rnglistx = 0x23, F_ref_sup8 = 0x24, F_strx1 = 0x25, F_strx2 = 0x26, F_strx3 = 0x27,
  F_strx4 = 0x28, F_addrx1 = 0x29, F_addrx2 = 0x2a, F_addrx3 = 0x2b, F_addrx4 = 0x2c,
  F_GNU_addr_index = 0x1f01, F_GNU_str_index = 0x1f02, F_GNU_ref_alt = 0x1f20,
  F_GNU_strp_alt = 0x1f21,
};
enum {
  AT_sibling = 0x01, AT_name = 0x03, AT_stmt_list = 0x10, AT_low_pc = 0x11,
  AT_high_pc = 0x12, AT_comp_dir = 0x1b, AT_abstract_origin = 0x31,
  AT_declaration = 0x3c, AT_specification = 0x47, AT_ranges = 0x55,
  AT_str_offsets_base = 0x72, AT_addr_base = 0x73, AT_rnglists_base = 0x74,
  AT_loclists_base = 0x8c, AT_GNU_addr_base = 0x2133,
};
enum {
  TAG_class_type = 0x02, TAG_enumeration_type = 0x04, TAG_compile_unit = 0x11,
  TAG_structure_type = 0x13, TAG_typedef = 0x16, TAG_union_type = 0x17,
  TAG_base_type = 0x24, TAG_subprogram = 0x2e, TAG_variable = 0x34,
  TAG_partial_unit = 0x3c, TAG_type_unit = 0x41, TAG_skeleton_unit = 0x4a,
};

// ---- kept in step with abbrev-program.ts ----
enum { OP_END, OP_SKIP, OP_LEB, OP_BLOCK1, OP_BLOCK2, OP_BLOCK4, OP_BLOCK_LEB, OP_STRING, OP_RECORD };
enum {
  S_NAME, S_SIBLING, S_DECL, S_LOW, S_HIGH, S_RANGES, S_SPEC, S_ORIGIN, S_STMT_LIST,
  S_COMP_DIR, S_STR_OFFSETS_BASE, S_ADDR_BASE, S_RNGLISTS_BASE, S_LOCLISTS_BASE, SLOTS = 16,
};
enum { K_NONE, K_TYPE, K_FUNCTION, K_VARIABLE };
enum { T_STRUCT, T_UNION, T_TYPEDEF, T_ENUM, T_BASE, KINDS };

// Status of scan_unit (bad data is reported by the TypeScript scan, which rescans).
enum { OK = 0, BAD_CODE = -1, BAD_ATTRS = -2, BAD_SIBLING = -3, BAD_END = -4 };


// ---- integer → index hash map (IntMap in int-map.ts): open addressing, linear probing,
// key and value side by side (one cache line per probe) ----
typedef struct {
  i64 key;
  i32 val; // -1: empty
  i32 pad;
} Entry;

typedef struct {
  u32 entries; // Entry[cap]
  u32 cap, count;
} Map;

static void map_init(Map *m, u32 cap) {
  m->cap = cap;
  m->count = 0;
  m->entries = cl_alloc(cap * sizeof(Entry));
  Entry *e = (Entry *)m->entries;
  for (u32 i = 0; i < cap; i++) e[i].val = -1;
}

static u32 hash64(i64 k) {
  u64 x = (u64)k;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return (u32)x;
}

/** The entry of `key`, or the empty one where it would go. */
static Entry *map_slot(Map *m, i64 key) {
  Entry *e = (Entry *)m->entries;
  u32 mask = m->cap - 1;
  for (u32 s = hash64(key) & mask;; s = (s + 1) & mask)
    if (e[s].val < 0 || e[s].key == key) return &e[s];
}

static i32 map_get(Map *m, i64 key) { return map_slot(m, key)->val; }

/** Sets `key` to `val` (>= 0). */
static void map_set(Map *m, i64 key, i32 val) {
  Entry *e = map_slot(m, key);
  if (e->val < 0) m->count++;
  e->key = key;
  e->val = val;
  if (2 * m->count <= m->cap) return;
  Map old = *m;
  map_init(m, old.cap * 2);
  Entry *o = (Entry *)old.entries;
  for (u32 i = 0; i < old.cap; i++)
    if (o[i].val >= 0) map_set(m, o[i].key, o[i].val);
}

// The types met, for names at .debug_str offsets below 2^29 (other names: typeSlots):
// 8-byte entries, key (offset << 3 | kind) + 1 (0: free), value row << 1 | declaration.
// The walk looks a type up for every named type DIE of every unit (a million for a
// kernel) while it streams through .debug_info: a small table with the declaration bit
// in it keeps each lookup to one cache line.
typedef struct {
  u32 key, val;
} Slot32;
static Slot32 *typeSlots32;
static u32 typeCap32, typeCount32;

static u32 hash32(u32 k) {
  k ^= k >> 16;
  k *= 0x7feb352du;
  k ^= k >> 15;
  k *= 0x846ca68bu;
  return k ^ (k >> 16);
}

static Slot32 *slot32(Slot32 *t, u32 cap, u32 key) {
  u32 mask = cap - 1;
  for (u32 s = hash32(key) & mask;; s = (s + 1) & mask)
    if (!t[s].key || t[s].key == key) return &t[s];
}

static void types32_init(u32 cap) {
  typeCap32 = cap;
  typeSlots32 = (Slot32 *)cl_alloc(cap * sizeof(Slot32));
  for (u32 i = 0; i < cap; i++) typeSlots32[i].key = 0;
}

static void types32_grow(void) {
  Slot32 *old = typeSlots32;
  u32 oldCap = typeCap32;
  types32_init(oldCap * 2);
  for (u32 i = 0; i < oldCap; i++)
    if (old[i].key) *slot32(typeSlots32, typeCap32, old[i].key) = old[i];
}

// ---- the part being built (IndexPart layout, see index-part.ts) ----
static Vec types;     // f64 [typeKind, nameRef, die, decl]
static Vec variables; // f64 [nameRef, die, decl]
static Vec fnRanges;  // u32 [lowLo, lowHi, highLo, highHi]
static Vec fnName;    // f64
static Vec fnDie;     // f64
static Vec deferred;  // f64 [owner, unit, die, name, form, value]
static Map typeSlots, variableSlots;
// Inline (DW_FORM_string) names: bytes in `strBytes`, [start, length] per id in `strIndex`.
static Vec strBytes, strIndex;
static Map strIds; // FNV-1a hash → id (collisions resolved by comparing bytes)

EXPORT(cl_reset) void cl_reset(void) {
  heap_reset();
  vec_init(&types, 8, 4096);
  vec_init(&variables, 8, 4096);
  vec_init(&fnRanges, 4, 4096);
  vec_init(&fnName, 8, 1024);
  vec_init(&fnDie, 8, 1024);
  vec_init(&deferred, 8, 256);
  map_init(&typeSlots, 256);
  types32_init(4096);
  typeCount32 = 0;
  map_init(&variableSlots, 4096);
  vec_init(&strBytes, 1, 4096);
  vec_init(&strIndex, 4, 256);
  map_init(&strIds, 1024);
}

// Where JS finds the tables: [ptr, len] per table, in this order.
static u32 tableInfo[16];
EXPORT(cl_tables) u32 cl_tables(void) {
  Vec *all[] = {&types, &variables, &fnRanges, &fnName, &fnDie, &deferred, &strBytes, &strIndex};
  for (int i = 0; i < 8; i++) {
    tableInfo[2 * i] = all[i]->ptr;
    tableInfo[2 * i + 1] = all[i]->len;
  }
  return (u32)tableInfo;
}

// A definition that replaces a declaration (drgn_dwarf_find_definition) is appended as a
// row of its own and the name's slot moves to it: the caller takes the rows added since
// its last look (cl_tables), and the merge upgrades the name's entry alike.
static void add_type(u32 kind, double name, double die, int decl) {
  if (name >= 0 && name < 536870912.0) {
    u32 key = ((u32)name << 3 | kind) + 1;
    Slot32 *e = slot32(typeSlots32, typeCap32, key);
    if (e->key && (decl || !(e->val & 1))) return;
    if (!e->key) typeCount32++;
    e->key = key;
    e->val = types.len << 1 | (decl ? 1 : 0);
    if (2 * typeCount32 > typeCap32) types32_grow();
  } else {
    i64 key = (i64)name * KINDS + kind;
    i32 slot = map_get(&typeSlots, key);
    if (slot >= 0 && (decl || ((double *)types.ptr)[slot + 3] != 1)) return;
    map_set(&typeSlots, key, (i32)types.len);
  }
  vec_room(&types, 4);
  double *t = (double *)types.ptr + types.len;
  t[0] = kind;
  t[1] = name;
  t[2] = die;
  t[3] = decl ? 1 : 0;
  types.len += 4;
}

static void add_variable(double name, double die, int decl) {
  i64 key = (i64)name;
  i32 slot = map_get(&variableSlots, key);
  if (slot >= 0 && (decl || ((double *)variables.ptr)[slot + 2] != 1)) return;
  map_set(&variableSlots, key, (i32)variables.len);
  vec_room(&variables, 3);
  double *t = (double *)variables.ptr + variables.len;
  t[0] = name;
  t[1] = die;
  t[2] = decl ? 1 : 0;
  variables.len += 3;
}

// The TypeScript scan's rows, for units it indexes (index-part.ts IndexPartBuilder).
EXPORT(cl_add_type) void cl_add_type(u32 kind, double name, double die, u32 decl) {
  add_type(kind, name, die, (int)decl);
}
EXPORT(cl_add_variable) void cl_add_variable(double name, double die, u32 decl) {
  add_variable(name, die, (int)decl);
}

static void add_function(double name, double die, u64 low, u64 high) {
  vec_room(&fnRanges, 4);
  u32 *r = (u32 *)fnRanges.ptr + fnRanges.len;
  r[0] = (u32)low;
  r[1] = (u32)(low >> 32);
  r[2] = (u32)high;
  r[3] = (u32)(high >> 32);
  fnRanges.len += 4;
  push_f64(&fnName, name);
  push_f64(&fnDie, die);
}

/** Name ref of an inline string: -(1 + id), ids local to this part. */
static double local_string(const u8 *s, u32 n) {
  u32 h = 0x811c9dc5u;
  for (u32 i = 0; i < n; i++) h = (h ^ s[i]) * 0x01000193u;
  // Probe ids with this hash (key = hash * 2^20 + probe), comparing bytes.
  for (u32 probe = 0;; probe++) {
    i64 key = (i64)h * (1 << 20) + probe;
    i32 id = map_get(&strIds, key);
    if (id < 0) {
      id = (i32)(strIndex.len / 2);
      map_set(&strIds, key, id);
      vec_room(&strBytes, n);
      memcpy_((u8 *)strBytes.ptr + strBytes.len, s, n);
      push_u32(&strIndex, strBytes.len);
      push_u32(&strIndex, n);
      strBytes.len += n;
      return -(1.0 + id);
    }
    u32 *e = (u32 *)strIndex.ptr + 2 * id;
    const u8 *t = (const u8 *)strBytes.ptr + e[0];
    if (e[1] == n) {
      u32 i = 0;
      while (i < n && t[i] == s[i]) i++;
      if (i == n) return -(1.0 + id);
    }
  }
}

/** Interns `n` bytes at `s` (the TypeScript scan's local strings, in the same ids). */
EXPORT(cl_intern) double cl_intern(u32 s, u32 n) { return local_string((const u8 *)s, n); }

// ---- compiled abbreviation table (one at a time: GCC gives each unit its own) ----
#define MAX_CODE 65536
static u32 progOps;      // i32 pairs
static u32 progOpsCap;   // in pairs
static u32 progCodes;    // per code: start (i32)
static u32 progKind;     // per code: kind | typeKind << 2 | hasChildren << 5 (u8)
static u32 progSlots;    // per code: slot mask (u16)
static u32 progDecl;     // per code: offset of the declaration in the table (i32)
static u32 progImplicit; // per code * SLOTS + slot: implicit_const value (i64)
static u32 progCodeCap;
static u32 progMax;
static u32 progTable;    // the table's bytes (caller's window; valid during the scan)
static u32 progAddrSize, progOffSize, progVersion;

static i32 fixed_size(u32 form) {
  switch (form) {
    case F_flag_present: case F_implicit_const: return 0;
    case F_data1: case F_ref1: case F_flag: case F_strx1: case F_addrx1: return 1;
    case F_data2: case F_ref2: case F_strx2: case F_addrx2: return 2;
    case F_strx3: case F_addrx3: return 3;
    case F_data4: case F_ref4: case F_ref_sup4: case F_strx4: case F_addrx4: return 4;
    case F_data8: case F_ref8: case F_ref_sig8: case F_ref_sup8: return 8;
    case F_data16: return 16;
    case F_addr: return (i32)progAddrSize;
    case F_ref_addr: return (i32)(progVersion <= 2 ? progAddrSize : progOffSize);
    case F_strp: case F_line_strp: case F_strp_sup: case F_sec_offset: case F_GNU_ref_alt:
    case F_GNU_strp_alt: return (i32)progOffSize;
    default: return -1;
  }
}

static i32 variable_op(u32 form) {
  switch (form) {
    case F_sdata: case F_udata: case F_ref_udata: case F_strx: case F_addrx: case F_loclistx:
    case F_rnglistx: case F_GNU_addr_index: case F_GNU_str_index: return OP_LEB;
    case F_block1: return OP_BLOCK1;
    case F_block2: return OP_BLOCK2;
    case F_block4: return OP_BLOCK4;
    case F_block: case F_exprloc: return OP_BLOCK_LEB;
    case F_string: return OP_STRING;
    default: return -1;
  }
}

static u32 tag_kind(u32 tag) {
  switch (tag) {
    case TAG_structure_type: case TAG_class_type: return K_TYPE | T_STRUCT << 2;
    case TAG_union_type: return K_TYPE | T_UNION << 2;
    case TAG_typedef: return K_TYPE | T_TYPEDEF << 2;
    case TAG_enumeration_type: return K_TYPE | T_ENUM << 2;
    case TAG_base_type: return K_TYPE | T_BASE << 2;
    case TAG_subprogram: return K_FUNCTION;
    case TAG_variable: return K_VARIABLE;
    default: return 0;
  }
}

static i32 attr_slot(u32 at) {
  switch (at) {
    case AT_name: return S_NAME;
    case AT_sibling: return S_SIBLING;
    case AT_declaration: return S_DECL;
    case AT_low_pc: return S_LOW;
    case AT_high_pc: return S_HIGH;
    case AT_ranges: return S_RANGES;
    case AT_specification: return S_SPEC;
    case AT_abstract_origin: return S_ORIGIN;
    default: return -1;
  }
}

static i32 unit_slot(u32 at) {
  switch (at) {
    case AT_name: return S_NAME;
    case AT_low_pc: return S_LOW;
    case AT_high_pc: return S_HIGH;
    case AT_ranges: return S_RANGES;
    case AT_stmt_list: return S_STMT_LIST;
    case AT_comp_dir: return S_COMP_DIR;
    case AT_str_offsets_base: return S_STR_OFFSETS_BASE;
    case AT_addr_base: case AT_GNU_addr_base: return S_ADDR_BASE;
    case AT_rnglists_base: return S_RNGLISTS_BASE;
    case AT_loclists_base: return S_LOCLISTS_BASE;
    default: return -1;
  }
}

/** Whether this file decodes `form` in `slot` of an indexed (not unit) DIE. */
static int slot_form_ok(i32 slot, u32 form) {
  switch (slot) {
    case S_NAME: return form == F_strp || form == F_string;
    case S_SIBLING: case S_SPEC: case S_ORIGIN:
      return form == F_ref1 || form == F_ref2 || form == F_ref4 || form == F_ref8 ||
             form == F_ref_udata || form == F_ref_addr;
    case S_DECL: return 1;
    case S_LOW: return form == F_addr;
    case S_HIGH:
      return form == F_data1 || form == F_data2 || form == F_data4 || form == F_data8 ||
             form == F_udata || form == F_sdata || form == F_implicit_const || form == F_addr;
    case S_RANGES:
      return form == F_sec_offset || form == F_rnglistx || form == F_data4 || form == F_data8;
    default: return 0;
  }
}

/** Whether this file decodes `form` in `slot` of a unit DIE (unit-row.ts). */
static int unit_form_ok(i32 slot, u32 form) {
  switch (slot) {
    case S_NAME: case S_COMP_DIR: return form == F_strp || form == F_line_strp || form == F_string;
    case S_LOW: return form == F_addr;
    case S_HIGH: return slot_form_ok(S_HIGH, form);
    case S_RANGES: return slot_form_ok(S_RANGES, form);
    default: // DW_AT_stmt_list and the bases: section offsets
      return form == F_sec_offset || form == F_data1 || form == F_data2 || form == F_data4 ||
             form == F_data8 || form == F_udata;
  }
}

static u32 lebEnd;
static u64 uleb(const u8 *b, u32 p) {
  u64 v = 0;
  u32 shift = 0;
  u8 byte;
  do {
    byte = b[p++];
    if (shift < 64) v |= (u64)(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  lebEnd = p;
  return v;
}
static i64 sleb(const u8 *b, u32 p) {
  u64 v = uleb(b, p);
  u32 bits = (lebEnd - p) * 7;
  if (bits < 64 && (b[lebEnd - 1] & 0x40)) v |= ~0ull << bits;
  return (i64)v;
}

static void prog_room(u32 codes) {
  if (codes <= progCodeCap) return;
  u32 cap = progCodeCap ? progCodeCap : 256;
  while (cap < codes) cap *= 2;
  progCodes = cl_alloc(cap * 4);
  progKind = cl_alloc(cap);
  progSlots = cl_alloc(cap * 2);
  progDecl = cl_alloc(cap * 4);
  progImplicit = cl_alloc(cap * SLOTS * 8);
  progCodeCap = cap;
}

// Lookups of the compiler's inner loop: attribute slots by name (below AT_LOOKUP), and
// fixed form sizes by form (below F_LOOKUP) for the current unit shape.
#define AT_LOOKUP 0x90
#define F_LOOKUP 0x2d
static i8 attrSlots[AT_LOOKUP], unitSlots[AT_LOOKUP], formSizes[F_LOOKUP];
static u32 lookupShape = ~0u;

static void fill_lookups(void) {
  if (lookupShape == ~0u) {
    for (u32 at = 0; at < AT_LOOKUP; at++) {
      attrSlots[at] = (i8)attr_slot(at);
      unitSlots[at] = (i8)unit_slot(at);
    }
  }
  u32 shape = progAddrSize | progOffSize << 8 | progVersion << 16;
  if (shape == lookupShape) return;
  lookupShape = shape;
  for (u32 f = 0; f < F_LOOKUP; f++) formSizes[f] = (i8)fixed_size(f);
}

/** uleb() with the one-byte case inline. */
static inline u64 uleb1(const u8 *b, u32 p) {
  if (b[p] < 0x80) {
    lebEnd = p + 1;
    return b[p];
  }
  return uleb(b, p);
}

/**
 * Compiles the table at `table` (`len` bytes to the end of .debug_abbrev) for units of the
 * given shape. Returns 1, or 0 when the unit needs the TypeScript scan (a form this file
 * does not decode, a huge code, or bad data, which that scan reports), or 2 when the
 * table runs past the section.
 */
NOINLINE static i32 compile(u32 table, u32 len, u32 addrSize, u32 offSize, u32 version) {
  const u8 *b = (const u8 *)table;
  progTable = table;
  progAddrSize = addrSize;
  progOffSize = offSize;
  progVersion = version;
  fill_lookups();
  if (!progOps) {
    progOpsCap = 4096;
    progOps = cl_alloc(progOpsCap * 8);
  }
  if (progMax) {
    i32 *codes = (i32 *)progCodes;
    for (u32 c = 0; c <= progMax; c++) codes[c] = -1;
  }
  progMax = 0;
  u32 len2 = 0;
  u32 p = 0;
  for (;;) {
    if (p >= len) return 2;
    u64 code = uleb(b, p);
    p = lebEnd;
    if (code == 0) break;
    if (code >= MAX_CODE) return 0;
    if (code >= progCodeCap) {
      u32 oldCap = progCodeCap, oldCodes = progCodes, oldKind = progKind, oldSlots = progSlots,
          oldDecl = progDecl, oldImp = progImplicit;
      prog_room((u32)code + 1);
      for (u32 c = 0; c < progCodeCap; c++) ((i32 *)progCodes)[c] = -1;
      if (oldCap) {
        memcpy_((void *)progCodes, (void *)oldCodes, oldCap * 4);
        memcpy_((void *)progKind, (void *)oldKind, oldCap);
        memcpy_((void *)progSlots, (void *)oldSlots, oldCap * 2);
        memcpy_((void *)progDecl, (void *)oldDecl, oldCap * 4);
        memcpy_((void *)progImplicit, (void *)oldImp, oldCap * SLOTS * 8);
      }
    }
    i32 *codes = (i32 *)progCodes;
    while (progMax < code) codes[++progMax] = -1;
    if (codes[code] >= 0) return 0; // duplicate code: the TypeScript scan reports it
    ((i32 *)progDecl)[code] = (i32)p;
    codes[code] = (i32)len2;
    if (p >= len) return 2;
    u32 tag = (u32)uleb(b, p);
    p = lebEnd;
    if (p >= len) return 2;
    u32 children = b[p++] != 0;
    u32 tk = tag_kind(tag);
    int unitDie = tag == TAG_compile_unit || tag == TAG_partial_unit || tag == TAG_type_unit ||
                  tag == TAG_skeleton_unit;
    u32 pending = 0, slots = 0;
    for (;;) {
      if (len2 + 8 > progOpsCap) {
        u32 np = cl_alloc(progOpsCap * 16);
        memcpy_((void *)np, (void *)progOps, progOpsCap * 8);
        progOps = np;
        progOpsCap *= 2;
      }
      i32 *ops = (i32 *)progOps;
      if (p >= len) return 2;
      u32 name = (u32)uleb1(b, p);
      p = lebEnd;
      if (p >= len) return 2;
      u32 form = (u32)uleb1(b, p);
      p = lebEnd;
      if (p > len) return 2;
      if (name == 0 && form == 0) break;
      i32 slot = -1;
      if (name < AT_LOOKUP) slot = unitDie ? unitSlots[name] : (tk || name == AT_sibling) ? attrSlots[name] : -1;
      else if (unitDie) slot = unit_slot(name);
      if (form == F_implicit_const) {
        i64 v = sleb(b, p);
        p = lebEnd;
        if (slot >= 0) ((i64 *)progImplicit)[code * SLOTS + slot] = v;
      }
      if (form == F_indirect) return 0;
      if (slot >= 0 && !(unitDie ? unit_form_ok(slot, form) : slot_form_ok(slot, form))) return 0;
      i32 size = form < F_LOOKUP ? formSizes[form] : fixed_size(form);
      if (slot < 0 && size >= 0) {
        pending += (u32)size;
        continue;
      }
      if (pending) {
        ops[len2++] = OP_SKIP;
        ops[len2++] = (i32)pending;
        pending = 0;
      }
      if (slot >= 0) {
        ops[len2++] = OP_RECORD;
        ops[len2++] = slot | (i32)(form << 4);
        slots |= 1u << slot;
        if (size >= 0) {
          pending = (u32)size;
          continue;
        }
      }
      i32 op = variable_op(form);
      if (op < 0) return 0;
      ops[len2++] = op;
      ops[len2++] = 0;
    }
    i32 *ops = (i32 *)progOps;
    if (pending) {
      ops[len2++] = OP_SKIP;
      ops[len2++] = (i32)pending;
    }
    ops[len2++] = OP_END;
    ops[len2++] = 0;
    ((u8 *)progKind)[code] = (u8)(tk | children << 5);
    ((u16 *)progSlots)[code] = (u16)slots;
  }
  return 1;
}

// ---- the DIE walk ----
static u32 recPos[SLOTS], recForm[SLOTS];
// The unit DIE: [code (0: none), slot mask, then position and form per slot].
static u32 unitInfo[2 + 2 * SLOTS];


// The unit being scanned: indexes into the chunk B, which starts at section offset `base`.
static const u8 *B;
static double base;
static u32 unitStart; // the unit header
static u32 unitDieAt; // the unit DIE
static u32 unitEnd;   // just past the unit
static u32 unitIndex;

/** A reference attribute recorded at `p` with `form`, as an index in B (-1: none). */
static i64 ref_at(u32 p, u32 form) {
  u64 v;
  switch (form) {
    case F_ref1: v = B[p]; break;
    case F_ref2: v = rd(B, p, 2); break;
    case F_ref4: v = rd(B, p, 4); break;
    case F_ref8: v = rd(B, p, 8); break;
    case F_ref_udata: v = uleb(B, p); break;
    case F_ref_addr: {
      // A section offset: relative to the chunk instead.
      double off = (double)rd(B, p, progVersion <= 2 ? progAddrSize : progOffSize) - base;
      return off < 0 || off > 4294967295.0 ? -1 : (i64)off;
    }
    default: return -1;
  }
  return (i64)unitStart + (i64)v;
}

/** Name ref of a name recorded at `p` with `form` (strp: the offset; string: a local id). */
static double name_ref(u32 p, u32 form) {
  if (form == F_strp) return (double)rd(B, p, progOffSize);
  if (form == F_string) {
    u32 e = p;
    while (e < unitEnd && B[e]) e++;
    return local_string(B + p, e - p);
  }
  return NaN;
}

/** Size of an attribute of `form` at B[p], for the generic walk (-1: not decodable). */
static i64 attr_size(u32 p, u32 form) {
  i32 size = fixed_size(form);
  if (size >= 0) return size;
  switch (variable_op(form)) {
    case OP_LEB: uleb(B, p); return lebEnd - p;
    case OP_BLOCK1: return 1 + (i64)B[p];
    case OP_BLOCK2: return 2 + (i64)rd(B, p, 2);
    case OP_BLOCK4: return 4 + (i64)rd(B, p, 4);
    case OP_BLOCK_LEB: {
      u64 n = uleb(B, p);
      return n > 0xffffffffull ? -1 : (i64)(lebEnd - p) + (i64)n;
    }
    case OP_STRING: {
      u32 e = p;
      while (e < unitEnd && B[e]) e++;
      return e - p + 1;
    }
    default: return -1;
  }
}

/**
 * Name ref of the DIE a reference points to, following DW_AT_abstract_origin and
 * DW_AT_specification within the unit (record-die.ts nameThroughRef): any tag, so the
 * declaration is walked from the table, not through the compiled program.
 */
NOINLINE static double name_through_ref(i64 at) {
  for (int hops = 0; hops < 4; hops++) {
    if (at < unitDieAt || at >= unitEnd) return NaN; // another unit: named lazily
    u32 p = (u32)at;
    u64 code = uleb(B, p);
    p = lebEnd;
    if (code == 0 || code > progMax || ((i32 *)progCodes)[code] < 0) return NaN;
    const u8 *t = (const u8 *)progTable;
    u32 q = (u32)((i32 *)progDecl)[code];
    uleb(t, q); // tag
    q = lebEnd + 1;
    i64 origin = -1, spec = -1;
    for (;;) {
      u32 name = (u32)uleb(t, q);
      u32 form = (u32)uleb(t, lebEnd);
      q = lebEnd;
      if (name == 0 && form == 0) break;
      if (form == F_implicit_const) {
        sleb(t, q);
        q = lebEnd;
      }
      if (name == AT_name) return name_ref(p, form);
      if (name == AT_abstract_origin) origin = ref_at(p, form);
      if (name == AT_specification) spec = ref_at(p, form);
      i64 n = attr_size(p, form);
      if (n < 0 || p + n > unitEnd) return NaN;
      p += (u32)n;
    }
    at = origin >= 0 ? origin : spec;
  }
  return NaN;
}

static int is_decl(u32 code, u32 mask) {
  if (!(mask & (1u << S_DECL))) return 0;
  u32 form = recForm[S_DECL];
  if (form == F_flag_present) return 1;
  if (form == F_flag) return B[recPos[S_DECL]] != 0;
  if (form == F_implicit_const) return ((i64 *)progImplicit)[code * SLOTS + S_DECL] != 0;
  return 1;
}

static void push_deferred(double owner, double unit, double die, double name, double kind,
                          double value) {
  vec_room(&deferred, 6);
  double *d = (double *)deferred.ptr + deferred.len;
  d[0] = owner;
  d[1] = unit;
  d[2] = die;
  d[3] = name;
  d[4] = kind;
  d[5] = value;
  deferred.len += 6;
}

/** A DW_AT_ranges list at B[p] for the merge to read (index-part.ts D_* rows). */
static void defer(double owner, double die, double name, u32 p, u32 form) {
  if (form == F_rnglistx) push_deferred(owner, unitIndex, die, name, 1, (double)uleb(B, p));
  else {
    u32 size = form == F_data4 ? 4 : form == F_data8 ? 8 : progOffSize;
    push_deferred(owner, unitIndex, die, name, 0, (double)rd(B, p, size));
  }
}

EXPORT(cl_add_function)
void cl_add_function(double name, double die, u32 lowLo, u32 lowHi, u32 highLo, u32 highHi) {
  add_function(name, die, (u64)lowHi << 32 | lowLo, (u64)highHi << 32 | highLo);
}

EXPORT(cl_defer)
void cl_defer(double owner, double unit, double die, double name, double kind, double value) {
  push_deferred(owner, unit, die, name, kind, value);
}

/** A depth-1 DIE the index wants (record-die.ts record). */
NOINLINE static void record(u32 code, u32 k, double die) {
  u32 mask = ((u16 *)progSlots)[code];
  if (k != K_FUNCTION) {
    if (!(mask & (1u << S_NAME))) return; // anonymous
    double name = name_ref(recPos[S_NAME], recForm[S_NAME]);
    if (name != name) return;
    int decl = is_decl(code, mask);
    if (k == K_TYPE) add_type((((u8 *)progKind)[code] >> 2) & 7, name, die, decl);
    else add_variable(name, die, decl);
    return;
  }
  if (!(mask & (1u << S_LOW | 1u << S_RANGES))) return; // no code
  double name = NaN;
  if (mask & (1u << S_NAME)) name = name_ref(recPos[S_NAME], recForm[S_NAME]);
  else {
    i32 slot = mask & (1u << S_ORIGIN) ? S_ORIGIN : mask & (1u << S_SPEC) ? S_SPEC : -1;
    if (slot >= 0) name = name_through_ref(ref_at(recPos[slot], recForm[slot]));
  }
  if (mask & (1u << S_RANGES)) {
    defer(0, die, name, recPos[S_RANGES], recForm[S_RANGES]);
    return;
  }
  if (!(mask & (1u << S_HIGH))) return;
  u64 low = rd(B, recPos[S_LOW], progAddrSize);
  if (low == 0) return; // code discarded at link time
  u32 hp = recPos[S_HIGH];
  i64 len;
  switch (recForm[S_HIGH]) {
    case F_data1: len = B[hp]; break;
    case F_data2: len = (i64)rd(B, hp, 2); break;
    case F_data4: len = (i64)rd(B, hp, 4); break;
    case F_data8: len = (i64)rd(B, hp, 8); break;
    case F_udata: len = (i64)uleb(B, hp); break;
    case F_sdata: len = sleb(B, hp); break;
    case F_implicit_const: len = ((i64 *)progImplicit)[code * SLOTS + S_HIGH]; break;
    default: { // F_addr: the end address
      u64 high = rd(B, hp, progAddrSize);
      if (high > low) add_function(name, die, low, high);
      return;
    }
  }
  if (len <= 0) return;
  add_function(name, die, low, low + (u64)len);
}

/**
 * Scans one unit of the chunk at `chunk` (section offset `chunkBase`) with the last
 * compiled table: the unit header at index `start`, its DIE at `dieAt`, its end at
 * `end`. `index`: the unit's row in the part. Returns OK or a BAD_* status.
 */
NOINLINE static i32 scan_unit(u32 chunk, double chunkBase, u32 start, u32 dieAt, u32 end, u32 index) {
  B = (const u8 *)chunk;
  base = chunkBase;
  unitStart = start;
  unitDieAt = dieAt;
  unitEnd = end;
  unitIndex = index;
  unitInfo[0] = 0;
  const i32 *ops = (const i32 *)progOps;
  const i32 *codes = (const i32 *)progCodes;
  const u8 *kinds = (const u8 *)progKind;
  const u16 *slots = (const u16 *)progSlots;
  u32 pos = dieAt;
  i32 depth = 0;
  for (;;) {
    if (pos >= end) return pos > end ? BAD_END : OK; // a unit may end without its 0 codes
    u32 dieStart = pos;
    u32 code = B[pos++];
    if (code >= 0x80) {
      u64 c = uleb(B, dieStart);
      pos = lebEnd;
      code = c > progMax ? 0xffffffffu : (u32)c;
    }
    if (code == 0) {
      if (--depth <= 0) return OK;
      continue;
    }
    if (code > progMax || codes[code] < 0) return BAD_CODE;
    u32 ip = (u32)codes[code];
    u64 p = pos; // 64-bit, so that a huge block length cannot wrap past the unit end
    for (;;) {
      i32 op = ops[ip], arg = ops[ip + 1];
      ip += 2;
      if (op == OP_SKIP) p += (u32)arg;
      else if (op == OP_END) break;
      else if (op == OP_RECORD) {
        recPos[arg & 15] = (u32)p;
        recForm[arg & 15] = (u32)arg >> 4;
      } else if (p > end) break;
      else if (op == OP_LEB) {
        while (p < end && (B[p] & 0x80)) p++;
        p++;
      } else if (op == OP_BLOCK1) p += 1 + (u64)B[p];
      else if (op == OP_BLOCK2) p += 2 + rd(B, (u32)p, 2);
      else if (op == OP_BLOCK4) p += 4 + rd(B, (u32)p, 4);
      else if (op == OP_BLOCK_LEB) {
        u64 n = uleb(B, (u32)p);
        p = lebEnd + n;
      } else { // OP_STRING
        while (p < end && B[p]) p++;
        p++;
      }
    }
    if (p > end) return BAD_ATTRS;
    pos = (u32)p;
    u32 kc = kinds[code];
    if (depth == 1) {
      if (kc & 3) record(code, kc & 3, base + dieStart);
    } else if (depth == 0) {
      // The unit DIE: the caller reads its attributes (bases, names, ranges).
      unitInfo[0] = code;
      unitInfo[1] = slots[code];
      for (u32 s = 0; s < SLOTS; s++) {
        unitInfo[2 + 2 * s] = recPos[s];
        unitInfo[3 + 2 * s] = recForm[s];
      }
      if (!(kc & 32)) return OK;
      depth = 1;
      continue;
    }
    if (kc & 32) {
      if (slots[code] & (1u << S_SIBLING)) {
        i64 target = ref_at(recPos[S_SIBLING], recForm[S_SIBLING]);
        if (target <= dieStart || target > end) return BAD_SIBLING;
        pos = (u32)target;
      } else depth++;
    }
  }
}

// ---- whole chunks: unit headers and unit DIEs (unit-header.ts, unit-row.ts) ----
// .debug_abbrev through a window the caller reads (section offsets abbrevBase to
// abbrevBase + abbrevWinLen): a unit whose table is not wholly in it stops the chunk with
// STATUS_NEED_ABBREV, and the caller reads a window from abbrevNeed.
static const u8 *abbrevWin;
static u32 abbrevWinLen;
static double abbrevBase, abbrevSize, abbrevNeed;
static const u8 *lineStr;
static u32 lineStrLen;
static u64 compiledKey[4] = {~0ull, 0, 0, 0};

/** The size of .debug_abbrev; .debug_line_str (0, 0: none), copied into memory by the caller. */
EXPORT(cl_set_sections)
void cl_set_sections(double abbrevBytes, u32 lstr, u32 llen) {
  compiledKey[0] = ~0ull;
  abbrevSize = abbrevBytes;
  abbrevWin = 0;
  abbrevWinLen = 0;
  lineStr = (const u8 *)lstr;
  lineStrLen = llen;
}

/** The window of .debug_abbrev: `len` bytes at `win`, from section offset `base`. */
EXPORT(cl_set_abbrev) void cl_set_abbrev(u32 win, u32 len, double base) {
  abbrevWin = (const u8 *)win;
  abbrevWinLen = len;
  abbrevBase = base;
  compiledKey[0] = ~0ull; // the compiled program points into the old window
}

/** Where the next window must start (after STATUS_NEED_ABBREV). */
EXPORT(cl_abbrev_need) double cl_abbrev_need(void) { return abbrevNeed; }

// Rows of the units of the last cl_scan_chunk call (the caller appends them to its part).
static Vec outUnits;  // f64 [UNIT_FIELDS] per unit (index-part.ts U_*)
static Vec outRanges; // u32 [lowLo, lowHi, highLo, highHi]
static Vec outOwner;  // u32: unit index per range
static u32 rowInfo[6];
EXPORT(cl_unit_rows) u32 cl_unit_rows(void) {
  rowInfo[0] = outUnits.ptr;
  rowInfo[1] = outUnits.len;
  rowInfo[2] = outRanges.ptr;
  rowInfo[3] = outRanges.len;
  rowInfo[4] = outOwner.ptr;
  rowInfo[5] = outOwner.len;
  return (u32)rowInfo;
}

enum {
  U_OFFSET, U_END, U_DIE, U_VERSION, U_TYPE, U_OFFSET_SIZE, U_ADDRESS_SIZE, U_ABBREV,
  U_STR_OFFSETS_BASE, U_ADDR_BASE, U_RNGLISTS_BASE, U_LOCLISTS_BASE, U_STMT_LIST, U_NAME,
  U_COMP_DIR, U_BASE_LO, U_BASE_HI, U_SIG_LO, U_SIG_HI, U_TYPE_OFFSET, UNIT_FIELDS,
};

static i32 chunkStatus;
/** 0: the chunk is done; 1: the unit at the returned index is the TypeScript scan's; 2:
 * its abbreviation table is not in the window (cl_abbrev_need); negative: bad DIEs in
 * that unit (the TypeScript scan reports them). */
EXPORT(cl_status) i32 cl_status(void) { return chunkStatus; }

static int has(u32 mask, i32 slot) { return (mask >> slot) & 1; }

/** A section offset attribute of the unit DIE, or -1 (unit-die.ts secOffset). */
static double unit_sec_offset(u32 mask, i32 slot) {
  if (!has(mask, slot)) return -1;
  u32 p = unitInfo[2 + 2 * slot], form = unitInfo[3 + 2 * slot];
  switch (form) {
    case F_sec_offset: return (double)rd(B, p, progOffSize);
    case F_data1: return B[p];
    case F_data2: return (double)rd(B, p, 2);
    case F_data4: return (double)rd(B, p, 4);
    case F_data8: return (double)rd(B, p, 8);
    default: return (double)uleb(B, p); // F_udata
  }
}

/** Name ref of the unit DIE's name or comp_dir (record-die.ts nameRefOf). */
static double unit_name(u32 mask, i32 slot) {
  if (!has(mask, slot)) return NaN;
  u32 p = unitInfo[2 + 2 * slot], form = unitInfo[3 + 2 * slot];
  if (form != F_line_strp) return name_ref(p, form);
  u64 off = rd(B, p, progOffSize);
  if (!lineStr || off >= lineStrLen) return NaN;
  u32 e = (u32)off;
  while (e < lineStrLen && lineStr[e]) e++;
  if (e >= lineStrLen) return NaN;
  return local_string(lineStr + off, e - (u32)off);
}

/** Fills in `row` from the unit DIE the scan met (unit-row.ts recordUnitDie). */
NOINLINE static void unit_die(double *row, u32 unitType, double dieOffset, u32 index) {
  u32 code = unitInfo[0], mask = unitInfo[1];
  u32 header = progOffSize == 8 ? 16 : 8;
  int v5 = progVersion >= 5;
  double bases[4] = {v5 ? header : 0, v5 ? header : 0, v5 ? header + 4 : 0, v5 ? header + 4 : 0};
  for (int k = 0; k < 4; k++) {
    double v = unit_sec_offset(mask, S_STR_OFFSETS_BASE + k);
    row[U_STR_OFFSETS_BASE + k] = v >= 0 ? v : bases[k];
  }
  row[U_STMT_LIST] = unit_sec_offset(mask, S_STMT_LIST);
  row[U_NAME] = unit_name(mask, S_NAME);
  row[U_COMP_DIR] = unit_name(mask, S_COMP_DIR);
  int haveLow = has(mask, S_LOW);
  u64 low = haveLow ? rd(B, unitInfo[2 + 2 * S_LOW], progAddrSize) : 0;
  row[U_BASE_LO] = (double)(u32)low;
  row[U_BASE_HI] = (double)(u32)(low >> 32);
  if (unitType != 1 && unitType != 3 && unitType != 4) return; // compile, partial, skeleton
  if (has(mask, S_RANGES)) {
    // Through the function path's defer(), with this unit as owner.
    defer(1, dieOffset, NaN, unitInfo[2 + 2 * S_RANGES], unitInfo[3 + 2 * S_RANGES]);
    return;
  }
  if (!haveLow || !has(mask, S_HIGH)) return;
  u32 hp = unitInfo[2 + 2 * S_HIGH];
  u64 high;
  switch (unitInfo[3 + 2 * S_HIGH]) {
    case F_addr: high = rd(B, hp, progAddrSize); break;
    case F_data1: high = low + B[hp]; break;
    case F_data2: high = low + rd(B, hp, 2); break;
    case F_data4: high = low + rd(B, hp, 4); break;
    case F_data8: high = low + rd(B, hp, 8); break;
    case F_udata: high = low + uleb(B, hp); break;
    case F_sdata: high = low + (u64)sleb(B, hp); break;
    default: high = low + (u64)((i64 *)progImplicit)[code * SLOTS + S_HIGH]; // implicit_const
  }
  if (high <= low) return;
  vec_room(&outRanges, 4);
  u32 *r = (u32 *)outRanges.ptr + outRanges.len;
  r[0] = (u32)low;
  r[1] = (u32)(low >> 32);
  r[2] = (u32)high;
  r[3] = (u32)(high >> 32);
  outRanges.len += 4;
  push_u32(&outOwner, index);
}

/**
 * Indexes the units of the `len` bytes at `chunk` (section offset `chunkBase`, in
 * .debug_types when `typesSection`) from index `pos` on, numbering them from
 * `firstIndex`. Returns the index where it stopped: `len` when done, else the unit
 * cl_status() says is the TypeScript scan's.
 */
EXPORT(cl_scan_chunk)
u32 cl_scan_chunk(u32 chunk, u32 len, u32 pos, double chunkBase, u32 typesSection, u32 firstIndex) {
  const u8 *b = (const u8 *)chunk;
  if (!outUnits.cap) {
    vec_init(&outUnits, 8, UNIT_FIELDS * 64);
    vec_init(&outRanges, 4, 256);
    vec_init(&outOwner, 4, 64);
  }
  outUnits.len = outRanges.len = outOwner.len = 0;
  chunkStatus = 0;
  u32 index = firstIndex;
  while (pos < len) {
    u32 start = pos;
    chunkStatus = 1; // until the unit is known to be ours
    if (len - pos < 11) return start;
    u64 length = rd(b, pos, 4);
    u32 offSize = 4, p = pos + 4;
    if (length == 0xffffffffull) {
      if (len - p < 8) return start;
      length = rd(b, p, 8);
      offSize = 8;
      p += 8;
    } else if (length >= 0xfffffff0ull) return start;
    u32 body = p;
    if (length > len - body) return start;
    u32 end = body + (u32)length;
    if (end - p < 4 + offSize) return start;
    u32 version = (u32)rd(b, p, 2);
    p += 2;
    if (version < 2 || version > 5) return start;
    u32 unitType = typesSection ? 2 : 1, addrSize;
    u64 abbrevOff;
    if (version >= 5) {
      unitType = b[p++];
      addrSize = b[p++];
      abbrevOff = rd(b, p, offSize);
      p += offSize;
    } else {
      abbrevOff = rd(b, p, offSize);
      p += offSize;
      addrSize = b[p++];
    }
    if (addrSize != 1 && addrSize != 2 && addrSize != 4 && addrSize != 8) return start;
    double sigLo = -1, sigHi = -1, typeOffset = -1;
    switch (unitType) {
      case 1: case 3: break;
      case 4: case 5: p += 8; break; // dwo_id
      case 2: case 6:
        if (end - p < 8 + offSize) return start;
        sigLo = (double)(u32)rd(b, p, 4);
        sigHi = (double)(u32)rd(b, p + 4, 4);
        typeOffset = chunkBase + start + (double)rd(b, p + 8, offSize);
        p += 8 + offSize;
        break;
      default: return start;
    }
    if (p > end || abbrevOff >= abbrevSize) return start;
    u64 key[4] = {abbrevOff, addrSize, offSize, version};
    if (key[0] != compiledKey[0] || key[1] != compiledKey[1] || key[2] != compiledKey[2] ||
        key[3] != compiledKey[3]) {
      compiledKey[0] = ~0ull;
      double at = (double)abbrevOff - abbrevBase;
      int inWindow = abbrevWin && at >= 0 && at < abbrevWinLen;
      i32 r = inWindow ? compile((u32)abbrevWin + (u32)at, abbrevWinLen - (u32)at, addrSize,
                                 offSize, version)
                       : 2;
      // Past the window's end but not the section's: a window from this table is needed.
      if (r == 2 && !(inWindow && abbrevBase + abbrevWinLen >= abbrevSize)) {
        abbrevNeed = (double)abbrevOff;
        chunkStatus = 2;
        return start;
      }
      if (r != 1) return start;
      for (int k = 0; k < 4; k++) compiledKey[k] = key[k];
    }
    chunkStatus = 0;
    i32 st = scan_unit(chunk, chunkBase, start, p, end, index);
    if (st < 0) {
      chunkStatus = st;
      return start;
    }
    vec_room(&outUnits, UNIT_FIELDS);
    double *row = (double *)outUnits.ptr + outUnits.len;
    outUnits.len += UNIT_FIELDS;
    for (int k = 0; k < UNIT_FIELDS; k++) row[k] = -1;
    row[U_OFFSET] = chunkBase + start;
    row[U_END] = chunkBase + end;
    row[U_DIE] = chunkBase + p;
    row[U_VERSION] = version;
    row[U_TYPE] = unitType;
    row[U_OFFSET_SIZE] = offSize;
    row[U_ADDRESS_SIZE] = addrSize;
    row[U_ABBREV] = (double)abbrevOff;
    row[U_NAME] = NaN;
    row[U_COMP_DIR] = NaN;
    row[U_BASE_LO] = 0;
    row[U_BASE_HI] = 0;
    row[U_SIG_LO] = sigLo;
    row[U_SIG_HI] = sigHi;
    row[U_TYPE_OFFSET] = typeOffset;
    if (unitInfo[0]) unit_die(row, unitType, chunkBase + p, index);
    index++;
    pos = end;
  }
  chunkStatus = 0;
  return pos;
}
