// Replays every input saved under fuzz/regressions/<harness>/ (by `npm run fuzz` or by
// hand) through its harness, under the same time limit: each must now end in a result or
// a typed error. Inputs of known, unfixed bugs (fuzz/core/known-bugs.ts) are skipped.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_BUGS } from '../../fuzz/core/known-bugs';
import { describeFailures, runFuzz } from './support/fuzz-runner';

const dir = join(import.meta.dirname, '..', '..', 'fuzz', 'regressions');
const harnesses = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
const skipped = new Set(KNOWN_BUGS.flatMap((b) => b.inputs));

describe('fuzz regressions', () => {
  for (const h of harnesses) {
    const inputs = readdirSync(join(dir, h)).filter((n) => n.endsWith('.bin'));
    const live = inputs.filter((n) => !skipped.has(`${h}/${n}`));
    for (const n of inputs.filter((x) => skipped.has(`${h}/${x}`))) {
      it.skip(`${h}/${n}: known bug ${KNOWN_BUGS.find((b) => b.inputs.includes(`${h}/${n}`))!.id}`, () => undefined);
    }
    if (live.length === 0) continue;
    it(`${h}: ${live.length} saved input(s) end in a result or a typed error`, { timeout: 120_000 }, async () => {
      const { results } = await runFuzz(['--replay', dir, '--harness', h, '--timeout-ms', '10000']);
      const r = results[0]!;
      expect(r.inputs).toBe(live.length);
      expect(r.failures, describeFailures(r)).toEqual([]);
    });
  }
});
