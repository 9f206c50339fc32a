// What a harness consumes: one or more files (several for split dumps), each a sparse
// view: a size plus stored extents; bytes outside every extent read as zeros. Small
// synthetic inputs are "dense" (one extent covering the whole file); seeds cut from
// real dumps keep only the regions a parser touched, so a 1 GiB vmcore is a few MB.
import type { ByteSource } from '../../src/analysis/io/byte-source';

export interface Extent {
  offset: number;
  data: Uint8Array;
}

export interface SparseFile {
  name: string;
  size: number;
  /** Sorted by offset, non-overlapping, inside [0, size). */
  extents: Extent[];
  /** File ranges [start, end) the mutator favours (what the harness's parser reads). */
  hot?: [number, number][];
}

export interface FuzzInput {
  files: SparseFile[];
  /** Where the input came from (seed label), for reports. */
  label: string;
}

/** A parser asking for more than this in one read is a memory-bound bug, not a corrupt file. */
export const MAX_SINGLE_READ = 128 * 1024 * 1024;

export class UnboundedReadError extends Error {
  constructor(name: string, offset: number, length: number) {
    super(`${name}: a single read of ${length} bytes at offset ${offset} (bound ${MAX_SINGLE_READ})`);
    this.name = 'UnboundedReadError';
  }
}

export function denseFile(name: string, bytes: Uint8Array): SparseFile {
  return { name, size: bytes.length, extents: bytes.length ? [{ offset: 0, data: bytes }] : [] };
}

export function denseInput(label: string, name: string, bytes: Uint8Array): FuzzInput {
  return { label, files: [denseFile(name, bytes)] };
}

export function isDense(f: SparseFile): boolean {
  return f.size === 0 || (f.extents.length === 1 && f.extents[0]!.offset === 0 && f.extents[0]!.data.length === f.size);
}

/** The whole file as bytes (zeros in the holes). For small inputs only. */
export function flatten(f: SparseFile, limit = 64 * 1024 * 1024): Uint8Array {
  if (isDense(f)) return f.extents[0]?.data ?? new Uint8Array(0);
  if (f.size > limit) throw new RangeError(`${f.name}: ${f.size} bytes is too big to flatten`);
  const out = new Uint8Array(f.size);
  for (const e of f.extents) out.set(e.data.subarray(0, Math.max(0, f.size - e.offset)), e.offset);
  return out;
}

/** Drops extent bytes at or beyond `size` and empty extents. */
export function clip(f: SparseFile): SparseFile {
  const extents: Extent[] = [];
  for (const e of f.extents) {
    if (e.offset >= f.size || e.data.length === 0) continue;
    extents.push(e.offset + e.data.length > f.size ? { offset: e.offset, data: e.data.subarray(0, f.size - e.offset) } : e);
  }
  return { name: f.name, size: f.size, extents, ...(f.hot ? { hot: f.hot } : {}) };
}

export function inputBytes(input: FuzzInput): number {
  return input.files.reduce((s, f) => s + f.extents.reduce((t, e) => t + e.data.length, 0), 0);
}

/** A ByteSource over a SparseFile. */
export class SparseSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  constructor(private readonly file: SparseFile) {
    this.name = file.name;
    this.size = file.size;
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0) {
      return Promise.reject(new RangeError(`${this.name}: read(${offset}, ${length}) with a bad offset or length`));
    }
    if (length > MAX_SINGLE_READ) return Promise.reject(new UnboundedReadError(this.name, offset, length));
    const n = offset >= this.size || length <= 0 ? 0 : Math.min(length, this.size - offset);
    const ext = this.file.extents;
    if (ext.length === 1 && ext[0]!.offset === 0 && ext[0]!.data.length >= offset + n) {
      return Promise.resolve(ext[0]!.data.subarray(offset, offset + n));
    }
    const out = new Uint8Array(n);
    const end = offset + n;
    // First extent that ends after `offset`.
    let lo = 0;
    let hi = ext.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = ext[mid]!;
      if (e.offset + e.data.length <= offset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < ext.length && ext[i]!.offset < end; i++) {
      const e = ext[i]!;
      const from = Math.max(offset, e.offset);
      const to = Math.min(end, e.offset + e.data.length);
      if (to > from) out.set(e.data.subarray(from - e.offset, to - e.offset), from - offset);
    }
    return Promise.resolve(out);
  }
}

export function sourcesOf(input: FuzzInput): SparseSource[] {
  return input.files.map((f) => new SparseSource(f));
}
