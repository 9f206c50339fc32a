// The short fuzz run of the test command: every harness for a few seconds with a fixed
// seed (so the first inputs are the same on every machine), a per-input time limit, and
// failing inputs saved to a temporary directory (named in the failure message).
// The long run is `npm run fuzz -- --minutes N` (fuzz/README.md).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harnessNames } from '../../fuzz/core/registry';
import { describeFailures, runFuzz } from './support/fuzz-runner';

const SECONDS = Number(process.env.CRASHLENS_FUZZ_SECONDS ?? 2.5);
const SEED = 20261123;
const saveDir = mkdtempSync(join(tmpdir(), 'crashlens-fuzz-short-'));

describe('short fuzz run', () => {
  for (const name of harnessNames) {
    it(`${name}: no untyped exception, hang or crash`, { timeout: 120_000 }, async () => {
      const { results } = await runFuzz(['--harness', name, '--seconds', String(SECONDS), '--seed', String(SEED), '--timeout-ms', '10000', '--save', saveDir]);
      const r = results[0]!;
      console.log(
        `fuzz ${name}: ${r.inputs} inputs (${r.perSecond.toFixed(0)}/s), typed ${r.typed}, ok ${r.ok}, seeds ${r.seeds}` +
          (r.known.length ? `, known bugs hit: ${r.known.map((k) => k.known).join(', ')}` : ''),
      );
      expect(r.inputs).toBeGreaterThan(0);
      expect(r.failures, describeFailures(r)).toEqual([]);
    });
  }
});
