// Foundation benchmark: per fixture and codec, open time (O(headers)), random 4 KiB
// page-read throughput, a sequential decode of every stored page compared with
// makedumpfile re-reading the same file, and peak memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DumpImage } from '../src/analysis/formats/dump-image';
import { openDump } from '../src/analysis/formats/open-dump';
import { CachedSource, SESSION_CACHE_BYTES } from '../src/analysis/io/cached-source';
import { openFileSource } from '../src/node/file-source';
import { ensureDebianPackage, measure, median, timeCommand } from './measure';

export interface BenchDump {
  id: string;
  path: string;
  compression: string;
  container: string;
}

/** The container alone, as the session opens it (same cache budget): O(headers). */
async function open(path: string): Promise<{ image: DumpImage; close(): Promise<void> }> {
  const src = new CachedSource(await openFileSource(path), { budgetBytes: SESSION_CACHE_BYTES });
  const image = await openDump([src]);
  return { image, close: () => src.close() };
}

/** Every stored whole page, by frame number, in order (ranges may start or end mid-page). */
function* presentPfns(image: DumpImage): Generator<bigint> {
  const ps = BigInt(image.pageSize);
  for (const r of image.physRanges) {
    for (let p = (r.start + ps - 1n) / ps; (p + 1n) * ps <= r.end; p++) {
      if (image.pageState(p * ps) === 'present') yield p;
    }
  }
}

/** Deterministic xorshift so runs are comparable. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

export interface FormatRow {
  id: string;
  compression: string;
  openMs: number;
  randomPagesPerS: number;
  randomMBps: number;
  storedPages: number;
  seqPagesPerS: number;
  peakRssMB: number;
  peakHeapMB: number;
  makedumpfilePagesPerS: number | null;
}

export async function benchFormats(dumps: BenchDump[]): Promise<FormatRow[]> {
  const haveMakedumpfile = ensureDebianPackage('makedumpfile', 'makedumpfile');
  const rows: FormatRow[] = [];
  for (const d of dumps) {
    const opens: number[] = [];
    for (let i = 0; i < 5; i++) {
      const m = await measure(() => open(d.path));
      opens.push(m.ms);
      await m.value.close();
    }
    const session = await open(d.path);
    const image = session.image;
    const pfns = [...presentPfns(image)];
    const ps = image.pageSize;
    const next = rng(42);
    const N = Math.min(3000, pfns.length);
    const random = await measure(async () => {
      for (let i = 0; i < N; i++) await image.readPhys(pfns[Math.floor(next() * pfns.length)]! * BigInt(ps), ps);
    });
    const seq = await measure(async () => {
      for (const p of pfns) await image.readPhys(p * BigInt(ps), ps);
    });
    await session.close();

    let mdf: number | null = null;
    // makedumpfile re-filters a kdump or ELF dump it is given as input: it reads (and
    // decompresses) every stored page and writes them out uncompressed.
    if (haveMakedumpfile && !d.container.includes('flattened')) {
      const dir = mkdtempSync(join(tmpdir(), 'crashlens-bench-'));
      const t = timeCommand('makedumpfile', ['-d', '31', d.path, join(dir, 'out')]);
      rmSync(dir, { recursive: true, force: true });
      if (t && t.status === 0) mdf = pfns.length / t.s;
    }
    rows.push({
      id: d.id,
      compression: d.compression,
      openMs: median(opens),
      randomPagesPerS: N / (random.ms / 1000),
      randomMBps: (N * ps) / 2 ** 20 / (random.ms / 1000),
      storedPages: pfns.length,
      seqPagesPerS: pfns.length / (seq.ms / 1000),
      peakRssMB: Math.max(random.peakRssMB, seq.peakRssMB),
      peakHeapMB: Math.max(random.peakHeapMB, seq.peakHeapMB),
      makedumpfilePagesPerS: mdf,
    });
  }
  return rows;
}
