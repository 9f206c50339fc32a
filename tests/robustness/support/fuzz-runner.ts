// Runs the bundled fuzz runner (fuzz/main.ts) from a test: built once per test file into
// a temporary directory, started as a child process, results read back as JSON.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFuzz, fuzzEnv, repo } from '../../../scripts/fuzz-build.mjs';
import type { CampaignResult } from '../../../fuzz/core/campaign';

export interface FuzzRun {
  runSeed: number;
  results: CampaignResult[];
}

let bundle: Promise<string> | undefined;

export function fuzzBundle(): Promise<string> {
  bundle ??= buildFuzz(join(mkdtempSync(join(tmpdir(), 'crashlens-fuzz-')), 'fuzz.mjs'));
  return bundle;
}

/** Runs the fuzz CLI with `args` (plus --json) and returns its results. */
export async function runFuzz(args: string[]): Promise<FuzzRun> {
  const script = await fuzzBundle();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script, ...args, '--json'], { env: fuzzEnv(), cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as FuzzRun);
      } catch {
        reject(new Error(`fuzz runner exited with ${code}: ${err.slice(-4000)}`));
      }
    });
  });
}

/** One line per failure, with where its input was saved. */
export function describeFailures(r: CampaignResult): string {
  return r.failures
    .map((f) => `${f.kind} at input ${f.index} (${f.trace.join('; ')}): ${f.error.name}: ${f.error.message}\n${f.error.stack}\n  saved: ${f.saved ?? '-'}`)
    .join('\n');
}
