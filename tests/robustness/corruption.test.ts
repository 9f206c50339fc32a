// Corruption matrix on real dumps: each dump truncated at 20 points and with bytes
// flipped in its header, bitmaps, page_desc table, page data and notes (ELF: header,
// program headers, page data, notes), read through an overlay on the real file. In every
// case the analysis (open + report) must end within the time limit, either with a report
// (new warnings each with a code and a cause, at least one of them naming the file and
// the offset; the kernel-level ones that follow name addresses), or with a typed error
// that names the file (and, for bad data, the offset).
import { describe, expect, it } from 'vitest';
import { BadDataError, CrashlensError } from '../../src/analysis/errors';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import type { Report } from '../../src/analysis/report/report-types';
import { AnalysisSession } from '../../src/analysis/session/analysis-session';
import { openFileSource } from '../../src/node/file-source';
import { allFixtures, type Fixture } from '../support/fixtures';
import { elfCases, kdumpCases, type CorruptionCase } from './support/corruption-cases';
import { RecordingSource } from '../../fuzz/core/record-seed';
import { OverlaySource } from './support/overlay-source';

/** One kdump and one ELF fixture when the shared fixtures are there, else the sample. */
const IDS = ['kdump-zlib', 'kdump-elf-d31'];
const ONLY = process.env.CRASHLENS_CORRUPTION_ONLY;
const LIMIT_MS = 20_000;
/** A file position in a message: a hex offset, or a decimal "size N" / "offset N". */
const POSITION = /0x[0-9a-f]+|\b(size|offset) \d+/;

function fixtures(): Fixture[] {
  if (ONLY) return allFixtures().filter((f) => f.id === ONLY);
  const shared = IDS.map((id) => allFixtures().find((f) => f.id === id)).filter((f) => f !== undefined);
  return [allFixtures()[0]!, ...shared];
}

async function analyse(src: ByteSource, cacheBytes = 8 * 1024 * 1024): Promise<Report> {
  const s = new AnalysisSession({ cacheBytes });
  try {
    return await s.open([{ name: src.name, source: src }]);
  } finally {
    await s.close();
  }
}

function deadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** What is wrong with the outcome of one case (empty: fine). */
function problems(file: string, baseline: Set<string>, outcome: { report?: Report; error?: unknown }, pageData = false): string[] {
  const out: string[] = [];
  if (outcome.error !== undefined) {
    const e = outcome.error;
    if (!(e instanceof CrashlensError)) return [`untyped ${e instanceof Error ? e.stack : JSON.stringify(e)}`];
    if (!e.message.includes(file)) out.push(`error does not name the file: ${e.message}`);
    if (e instanceof BadDataError && !/offset 0x[0-9a-f]+/.test(e.message)) out.push(`error does not name the offset: ${e.message}`);
    return out;
  }
  const fresh = outcome.report!.warnings.filter((w) => !baseline.has(w.message));
  for (const w of fresh) if (!w.code || !w.message) out.push(`warning without code or cause: ${JSON.stringify(w)}`);
  // Kernel-level warnings (tasks, log…) name addresses; the root cause must name the file,
  // unless the bad bytes are page contents that still decode (then a kernel address).
  const located = (m: string) => POSITION.test(m) && (m.includes(file) || pageData);
  if (fresh.length > 0 && !fresh.some((w) => located(w.message))) {
    out.push(`no warning names ${file} and an offset: ${fresh.map((w) => `${w.code}: ${w.message}`).join(' | ')}`);
  }
  return out;
}

describe.each(fixtures())('corruption matrix: $id', (fx) => {
  it('every truncation and flipped region ends in a report or a typed error', { timeout: 300_000 }, async () => {
    const real = await openFileSource(fx.path);
    try {
      const rec = new RecordingSource(real);
      // A cache that never evicts: the recorded reads, hence the cases, are the same every run.
      const clean = await analyse(rec, 512 * 1024 * 1024);
      const baseline = new Set(clean.warnings.map((w) => w.message));
      const kdump = new TextDecoder().decode(await real.read(0, 8)) === 'KDUMP   ';
      const cases: CorruptionCase[] = kdump ? await kdumpCases(real, rec.ranges) : await elfCases(real, rec.ranges);
      const bad: string[] = [];
      let errors = 0;
      for (const c of cases) {
        const src = new OverlaySource(real, c.patches, c.size);
        const t0 = performance.now();
        const outcome: { report?: Report; error?: unknown } = await deadline(analyse(src), LIMIT_MS).then(
          (report) => ({ report }),
          (error: unknown) => ({ error }),
        );
        if (outcome.error !== undefined) errors++;
        for (const p of problems(real.name, baseline, outcome, c.pageData)) bad.push(`${c.name} (${Math.round(performance.now() - t0)} ms): ${p}`);
      }
      console.log(`${fx.id}: ${cases.length} cases, ${errors} typed errors, ${cases.length - errors} reports`);
      expect(cases.length).toBeGreaterThanOrEqual(40);
      expect(bad).toEqual([]);
    } finally {
      await real.close();
    }
  });
});
