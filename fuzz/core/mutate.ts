// The seeded mutator. Each input is a seed (or two spliced seeds) with 1–8 stacked
// mutations: bit flips, bytes set to 0/0xff/0x7f/0x80…, 16/32/64-bit interesting values
// and small additions at aligned offsets, random bytes, truncation, and duplication,
// removal or copying of chunks. Extents are copied on first write, so seeds are shared.
import { clip, isDense, type Extent, type FuzzInput, type SparseFile } from './fuzz-input';
import type { Rng } from './rng';

const I8 = [0x00, 0xff, 0x7f, 0x80, 0x01, 0x10, 0x20, 0x40, 0xfe];
const I16 = [0n, 0xffffn, 0x7fffn, 0x8000n, 0x100n, 0xfffn, 0x1000n, 1n, 0xff00n];
const I32 = [0n, 0xffffffffn, 0x7fffffffn, 0x80000000n, 0x10000n, 0x1000n, 1n, 0xfffffffen, 0x7fffn, 0x100000n];
const I64 = [
  0n,
  (1n << 64n) - 1n,
  (1n << 63n) - 1n,
  1n << 63n,
  1n << 53n,
  (1n << 53n) - 1n,
  1n << 32n,
  (1n << 32n) - 1n,
  1n,
  0xffffffff80000000n,
];

export type Mutation = (m: Mutable, rng: Rng) => string;

/** One input being mutated: copies an extent's bytes before the first write to them. */
export class Mutable {
  readonly files: SparseFile[];
  private readonly owned = new Set<Uint8Array>();

  constructor(input: FuzzInput) {
    this.files = input.files.map((f) => ({ ...f, extents: f.extents.map((e) => ({ ...e })) }));
  }

  /** A writable copy of extent `e`'s bytes (made once per input). */
  own(e: Extent): Uint8Array {
    if (!this.owned.has(e.data)) {
      e.data = e.data.slice();
      this.owned.add(e.data);
    }
    return e.data;
  }

  setData(e: Extent, data: Uint8Array): void {
    e.data = data;
    this.owned.add(data);
  }
}

interface Spot {
  file: SparseFile;
  ext: Extent;
  /** Position inside ext.data. */
  pos: number;
}

/** A position inside a hot range of `file`, when it has one that is stored. */
function hotSpot(file: SparseFile, rng: Rng): Spot | null {
  const hot = file.hot!;
  const total = hot.reduce((s, [a, b]) => s + (b - a), 0);
  let at = rng.below(total);
  const r = hot.find(([a, b]) => (at -= b - a) < 0) ?? hot[0]!;
  const off = r[0] + rng.below(r[1] - r[0]);
  const ext = file.extents.find((e) => e.offset <= off && off < e.offset + e.data.length);
  return ext ? { file, ext, pos: off - ext.offset } : null;
}

/**
 * A position to mutate: mostly in the hot ranges when the file has some, else biased
 * towards the first extent (headers) and extent starts.
 */
function spot(m: Mutable, rng: Rng): Spot | null {
  const file = rng.pick(m.files);
  if (file.hot?.length && rng.chance(0.75)) {
    const s = hotSpot(file, rng);
    if (s) return s;
  }
  const exts = file.extents.filter((e) => e.data.length > 0);
  if (exts.length === 0) return null;
  let ext: Extent;
  const r = rng.below(4);
  if (r === 0) ext = exts[0]!;
  else if (r === 1) ext = rng.pick(exts);
  else {
    const total = exts.reduce((s, e) => s + e.data.length, 0);
    let at = rng.below(total);
    ext = exts.find((e) => (at -= e.data.length) < 0) ?? exts[0]!;
  }
  const len = ext.data.length;
  const pos = rng.chance(0.5) ? rng.below(Math.min(len, 512)) : rng.below(len);
  return { file, ext, pos };
}

/** `pos` rounded down so that the file offset is `width`-aligned, if it stays in the extent. */
function aligned(s: Spot, width: number): number | null {
  const fileOff = s.ext.offset + s.pos;
  const p = s.pos - (fileOff % width);
  return p >= 0 && p + width <= s.ext.data.length ? p : null;
}

function writeInt(data: Uint8Array, pos: number, width: number, value: bigint, le: boolean): void {
  for (let k = 0; k < width; k++) {
    const b = Number((value >> BigInt(8 * k)) & 0xffn);
    data[le ? pos + k : pos + width - 1 - k] = b;
  }
}

function readInt(data: Uint8Array, pos: number, width: number, le: boolean): bigint {
  let v = 0n;
  for (let k = 0; k < width; k++) v |= BigInt(data[le ? pos + k : pos + width - 1 - k]!) << BigInt(8 * k);
  return v;
}

const bitFlip: Mutation = (m, rng) => {
  const s = spot(m, rng);
  if (!s) return 'noop';
  const bit = rng.below(8);
  const data = m.own(s.ext);
  data[s.pos] = data[s.pos]! ^ (1 << bit);
  return `flip ${s.file.name}@${s.ext.offset + s.pos}.${bit}`;
};

const interesting8: Mutation = (m, rng) => {
  const s = spot(m, rng);
  if (!s) return 'noop';
  const v = rng.pick(I8);
  m.own(s.ext)[s.pos] = v;
  return `set8 ${s.file.name}@${s.ext.offset + s.pos}=${v}`;
};

const randomByte: Mutation = (m, rng) => {
  const s = spot(m, rng);
  if (!s) return 'noop';
  const v = rng.below(256);
  m.own(s.ext)[s.pos] = v;
  return `byte ${s.file.name}@${s.ext.offset + s.pos}=${v}`;
};

const interestingWide: Mutation = (m, rng) => {
  const s = spot(m, rng);
  if (!s) return 'noop';
  const width = rng.pick([2, 4, 8]);
  const p = aligned(s, width);
  if (p === null) return 'noop';
  const size = BigInt(s.file.size);
  const table = width === 2 ? I16 : width === 4 ? I32 : I64;
  const sizeBased = [size, size - 1n, size + 1n, size / 2n];
  let v = rng.chance(0.8) ? rng.pick(table) : rng.pick(sizeBased);
  v = BigInt.asUintN(width * 8, v);
  const le = rng.chance(0.8);
  writeInt(m.own(s.ext), p, width, v, le);
  return `set${width * 8}${le ? '' : 'be'} ${s.file.name}@${s.ext.offset + p}=0x${v.toString(16)}`;
};

const arith: Mutation = (m, rng) => {
  const s = spot(m, rng);
  if (!s) return 'noop';
  const width = rng.pick([1, 2, 4, 8]);
  const p = aligned(s, width);
  if (p === null) return 'noop';
  const delta = BigInt(rng.range(1, 35)) * (rng.chance(0.5) ? 1n : -1n);
  const data = m.own(s.ext);
  const v = BigInt.asUintN(width * 8, readInt(data, p, width, true) + delta);
  writeInt(data, p, width, v, true);
  return `add${width * 8} ${s.file.name}@${s.ext.offset + p}${delta > 0n ? '+' : ''}${delta}`;
};

const truncate: Mutation = (m, rng) => {
  const f = rng.pick(m.files);
  if (f.size === 0) return 'noop';
  let size: number;
  const r = rng.below(5);
  if (r === 0 || f.extents.length === 0) size = rng.below(f.size);
  else if (r === 1) size = rng.below(Math.min(f.size, 4096));
  else {
    const e = rng.pick(f.extents);
    size = e.offset + rng.below(e.data.length + 1);
  }
  if (size >= f.size) return 'noop';
  Object.assign(f, clip({ ...f, size }));
  return `truncate ${f.name} to ${size}`;
};

function chunkLen(rng: Rng, max: number): number {
  const cap = rng.chance(0.9) ? 256 : 4096;
  return 1 + rng.below(Math.max(1, Math.min(cap, max)));
}

/** Inserts a copy of a chunk of the extent at another place in it (dense files grow). */
const duplicate: Mutation = (m, rng) => {
  const s = spot(m, rng);
  if (!s) return 'noop';
  const data = s.ext.data;
  const len = chunkLen(rng, data.length - s.pos);
  const at = rng.below(data.length + 1);
  const chunk = data.slice(s.pos, s.pos + len);
  const grown = new Uint8Array(data.length + len);
  grown.set(data.subarray(0, at));
  grown.set(chunk, at);
  grown.set(data.subarray(at), at + len);
  const dense = isDense(s.file);
  if (dense) {
    m.setData(s.ext, grown);
    s.file.size = grown.length;
  } else {
    // Sparse: keep the extent's length (later extents stay where they are).
    m.setData(s.ext, grown.subarray(0, data.length));
  }
  return `dup ${s.file.name}@${s.ext.offset + s.pos}+${len} -> ${s.ext.offset + at}`;
};

/** Removes a chunk (dense files shrink; sparse extents shift left and end in zeros). */
const remove: Mutation = (m, rng) => {
  const s = spot(m, rng);
  if (!s) return 'noop';
  const data = s.ext.data;
  const len = chunkLen(rng, data.length - s.pos);
  const rest = new Uint8Array(isDense(s.file) ? data.length - len : data.length);
  rest.set(data.subarray(0, s.pos));
  rest.set(data.subarray(s.pos + len), s.pos);
  if (isDense(s.file)) s.file.size = rest.length;
  m.setData(s.ext, rest);
  return `remove ${s.file.name}@${s.ext.offset + s.pos}+${len}`;
};

/** Overwrites a chunk with a copy of another chunk of the same extent. */
const copyChunk: Mutation = (m, rng) => {
  const s = spot(m, rng);
  if (!s) return 'noop';
  const data = m.own(s.ext);
  const len = chunkLen(rng, data.length - s.pos);
  const to = rng.below(Math.max(1, data.length - len + 1));
  data.copyWithin(to, s.pos, s.pos + len);
  return `copy ${s.file.name}@${s.ext.offset + s.pos}+${len} -> ${s.ext.offset + to}`;
};

const MUTATIONS: [Mutation, number][] = [
  [bitFlip, 6],
  [interesting8, 4],
  [randomByte, 2],
  [interestingWide, 6],
  [arith, 3],
  [truncate, 1],
  [duplicate, 1],
  [remove, 1],
  [copyChunk, 1],
];
const TOTAL = MUTATIONS.reduce((s, [, w]) => s + w, 0);

function pickMutation(rng: Rng): Mutation {
  let r = rng.below(TOTAL);
  for (const [fn, w] of MUTATIONS) if ((r -= w) < 0) return fn;
  return bitFlip;
}

/** Joins the part of `a` below a cut point with the part of `b` above it (per file). */
export function splice(a: FuzzInput, b: FuzzInput, rng: Rng): { files: SparseFile[]; note: string } {
  const k = rng.below(Math.min(a.files.length, b.files.length));
  const fa = a.files[k]!;
  const fb = b.files[k]!;
  const ext = fa.extents.length ? rng.pick(fa.extents) : null;
  const cut = ext ? ext.offset + rng.below(ext.data.length + 1) : 0;
  const extents: Extent[] = [];
  for (const e of fa.extents) {
    if (e.offset >= cut) break;
    extents.push(e.offset + e.data.length > cut ? { offset: e.offset, data: e.data.subarray(0, cut - e.offset) } : e);
  }
  for (const e of fb.extents) {
    if (e.offset + e.data.length <= cut) continue;
    extents.push(e.offset < cut ? { offset: cut, data: e.data.subarray(cut - e.offset) } : e);
  }
  const files = a.files.slice();
  files[k] = clip({ name: fa.name, size: Math.max(fb.size, Math.min(cut, fa.size)), extents, ...(fa.hot ? { hot: fa.hot } : {}) });
  return { files, note: `splice ${fa.name}@${cut} with ${b.label}` };
}

/** `base` (optionally spliced with `other`) with 1–8 stacked mutations. */
export function mutate(base: FuzzInput, other: FuzzInput | null, rng: Rng): { input: FuzzInput; trace: string[] } {
  const trace: string[] = [];
  let start = base;
  if (other) {
    const s = splice(base, other, rng);
    start = { label: base.label, files: s.files };
    trace.push(s.note);
  }
  const m = new Mutable(start);
  const count = rng.chance(0.5) ? rng.range(1, 2) : rng.range(1, 8);
  for (let i = 0; i < count; i++) trace.push(pickMutation(rng)(m, rng));
  return { input: { label: base.label, files: m.files }, trace };
}
