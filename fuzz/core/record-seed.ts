// Cuts a seed from a real file: runs the harness's own exercise on the file through a
// recording ByteSource and keeps only the regions it read (plus the first 64 KiB), so a
// 1 GiB vmcore becomes a seed of its headers, notes, bitmaps, page descriptors and the
// pages the harness reads. Everything else reads as zeros in the sparse view.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import { openFileSource } from '../../src/node/file-source';
import type { Extent, FuzzInput, SparseFile } from './fuzz-input';

const HEAD = 64 * 1024;
/** Reads closer than this are stored as one extent. */
const MERGE_GAP = 512;

/** Passes reads through and records their ranges (after `focus` is set, as hot ones). */
export class RecordingSource implements ByteSource {
  readonly ranges: [number, number][] = [];
  readonly hot: [number, number][] = [];
  focus = false;
  constructor(private readonly inner: ByteSource) {}
  get name(): string {
    return this.inner.name;
  }
  get size(): number {
    return this.inner.size;
  }
  read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.inner.size, offset + Math.max(0, length));
    if (end > offset) (this.focus ? this.hot : this.ranges).push([offset, end]);
    return this.inner.read(offset, length);
  }
}

function merge(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.slice().sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + MERGE_GAP) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * A seed of the files at `paths` (one input; several files for split dumps): `exercise`
 * runs on the real files, its typed errors are ignored. What it reads after calling
 * `focus()` becomes the seed's hot ranges, where most mutations go.
 */
export async function recordSeed(
  label: string,
  paths: string[],
  exercise: (sources: ByteSource[], focus: () => void) => Promise<unknown>,
  maxBytes = 32 * 1024 * 1024,
): Promise<FuzzInput> {
  const real = await Promise.all(paths.map((p) => openFileSource(p)));
  try {
    const rec = real.map((s) => new RecordingSource(s));
    try {
      await exercise(rec, () => rec.forEach((r) => (r.focus = true)));
    } catch {
      // The recording is what matters; a typed error on a real file is the harness's business.
    }
    const files: SparseFile[] = [];
    for (let i = 0; i < paths.length; i++) {
      const r = rec[i]!;
      r.ranges.push([0, Math.min(HEAD, r.size)]);
      const hot = r.hot.length ? { hot: merge(r.hot) } : {};
      files.push({ name: basename(paths[i]!), size: r.size, extents: await readExtents(paths[i]!, merge([...r.ranges, ...r.hot]), maxBytes), ...hot });
    }
    return { label, files };
  } finally {
    await Promise.all(real.map((s) => s.close()));
  }
}

async function readExtents(path: string, ranges: [number, number][], maxBytes: number): Promise<Extent[]> {
  const fh = await open(path, 'r');
  try {
    const out: Extent[] = [];
    let total = 0;
    for (const [s, e] of ranges) {
      const len = Math.min(e - s, maxBytes - total);
      if (len <= 0) break;
      const data = new Uint8Array(len);
      await fh.read(data, 0, len, s);
      out.push({ offset: s, data });
      total += len;
    }
    return out;
  } finally {
    await fh.close();
  }
}
