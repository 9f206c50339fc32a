// Bounded memory: a 64 GiB machine costs what a 1 GiB one does. The pages the analysis of
// the in-repo sample reads are copied into synthetic dumps whose RAM reaches 64 GiB
// (a sparse ELF vmcore whose holes take no disk, and a kdump file with a 4 MiB bitmap),
// and into the same dumps with 1 GiB + 16 MiB of RAM. Opening and reporting the big one must keep
// the heap growth under a fixed budget and take at most 1.2× the time of the small one
// (medians of alternating runs, plus a few tens of ms of slack for the kdump bitmap).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisSession } from '../../src/analysis/session/analysis-session';
import { openFileSource } from '../../src/node/file-source';
import { sampleFixture } from '../support/fixtures';
import { ramOf, recordMachine, writeBigKdump, writeSparseElf, type RecordedMachine } from './support/big-dumps';

const GiB = 1n << 30n;
const BIG = 64n * GiB;
const SMALL = GiB + 16n * 1024n * 1024n;
/** Heap (JS objects + typed arrays) an analysis may add, whatever the dump's size. */
const HEAP_BUDGET = 64 * 1024 * 1024;
const CACHE_BYTES = 64 * 1024 * 1024;
const RUNS = 7;
/**
 * Absolute slack: ms-level noise, and opening the kdump reads and scans its whole bitmap
 * (4 MiB vs 64 KiB: 15–30 ms here, the one part of opening that grows with memory).
 */
const SLACK_MS = 40;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const heap = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

interface Measured {
  ms: number;
  peak: number;
  tasks: number;
}

/** One full analysis (open + report + a few page reads), timed, with its peak heap growth. */
async function analyse(path: string): Promise<Measured> {
  gc();
  const base = heap();
  let peak = 0;
  let sampling = true;
  const sample = () => {
    peak = Math.max(peak, heap() - base);
    if (sampling) setImmediate(sample);
  };
  sample();
  const t0 = performance.now();
  const s = new AnalysisSession({ cacheBytes: CACHE_BYTES });
  const src = await openFileSource(path);
  const report = await s.open([{ name: 'vmcore', source: src }]);
  const ms = performance.now() - t0;
  for (const pa of [0x100000n, 0x1000_0000n, 5n * GiB, 63n * GiB, 2n * BIG]) await s.readPhysical(pa, 4096);
  sampling = false;
  peak = Math.max(peak, heap() - base);
  await s.close();
  return { ms, peak, tasks: report.tasks?.length ?? 0 };
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

async function compare(small: string, big: string): Promise<{ small: Measured[]; big: Measured[] }> {
  await analyse(small); // warm-up: module code, JIT
  const out = { small: [] as Measured[], big: [] as Measured[] };
  // Alternate which goes first, so that neither always runs right after the other.
  for (let i = 0; i < RUNS; i++) {
    if (i % 2) out.small.push(await analyse(small));
    out.big.push(await analyse(big));
    if (i % 2 === 0) out.small.push(await analyse(small));
  }
  return out;
}

function check(label: string, r: { small: Measured[]; big: Measured[] }) {
  const [s, b] = [median(r.small.map((x) => x.ms)), median(r.big.map((x) => x.ms))];
  const peak = Math.max(...r.big.map((x) => x.peak));
  console.log(
    `${label}: open+report median ${b.toFixed(0)} ms (64 GiB) vs ${s.toFixed(0)} ms (small); ` +
      `peak heap growth ${(peak / 2 ** 20).toFixed(1)} MiB (small ${(Math.max(...r.small.map((x) => x.peak)) / 2 ** 20).toFixed(1)} MiB); ` +
      `runs ${r.big.map((x) => x.ms.toFixed(0)).join(' ')} / ${r.small.map((x) => x.ms.toFixed(0)).join(' ')}`,
  );
  expect(r.big[0]!.tasks).toBeGreaterThan(0);
  expect(r.big[0]!.tasks).toBe(r.small[0]!.tasks);
  expect(peak).toBeLessThan(HEAP_BUDGET);
  expect(b).toBeLessThanOrEqual(1.2 * s + SLACK_MS);
}

describe('bounded memory on a 64 GiB machine', () => {
  let dir: string;
  let machine: RecordedMachine;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crashlens-bounded-'));
    machine = await recordMachine(sampleFixture().path);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sparse ELF vmcore: heap within budget, open time within 1.2× of 1 GiB', { timeout: 300_000 }, async () => {
    const big = join(dir, 'big.elf');
    const small = join(dir, 'small.elf');
    const size = await writeSparseElf(big, machine, ramOf(machine, BIG));
    await writeSparseElf(small, machine, ramOf(machine, SMALL));
    expect(size).toBeGreaterThan(Number(BIG));
    // Sparse: the blocks on disk are the recorded pages, not 64 GiB.
    expect(statSync(big).blocks * 512).toBeLessThan(512 * 2 ** 20);
    check('ELF', await compare(small, big));
  });

  it('kdump-compressed with a 4 MiB bitmap: heap within budget, open time within 1.2× of 1 GiB', { timeout: 300_000 }, async () => {
    const big = join(dir, 'big.kdump');
    const small = join(dir, 'small.kdump');
    await writeBigKdump(big, machine, ramOf(machine, BIG));
    await writeBigKdump(small, machine, ramOf(machine, SMALL));
    check('kdump', await compare(small, big));
  });
});
