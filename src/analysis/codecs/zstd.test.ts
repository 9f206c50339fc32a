// Corrupt zstd pages that hung fzstd (fuzz/regressions/page-codec): decoded in a worker
// thread under a watchdog, so a hang fails the test instead of freezing it.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..', '..');
const HANGS = ['1e209358b523479b.bin'];
const WATCHDOG_MS = 10_000;

// The worker: decodes each input's page (byte 0 is the harness's codec pick, the rest the
// stored page) as zstd and reports how it ended.
const entry = `
import { parentPort, workerData } from 'node:worker_threads';
import { decompressPage, initCodecs } from './page-codec';
import { CodecError } from './codec-error';
await initCodecs();
for (const bytes of workerData) {
  const t = performance.now();
  try {
    decompressPage(0x20, bytes.subarray(1), 4096);
    parentPort.postMessage({ outcome: 'decoded' });
  } catch (e) {
    parentPort.postMessage({ outcome: e instanceof CodecError ? 'CodecError' : String(e), ms: performance.now() - t });
  }
}
`;

const dir = mkdtempSync(join(tmpdir(), 'crashlens-zstd-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function decodeInWorker(inputs: Uint8Array[]): Promise<{ outcome: string; ms?: number }[]> {
  const script = join(dir, 'zstd-worker.mjs');
  const out = await build({ stdin: { contents: entry, resolveDir: import.meta.dirname, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', write: false });
  writeFileSync(script, out.outputFiles[0]!.contents);
  const worker = new Worker(script, { workerData: inputs });
  const results: { outcome: string; ms?: number }[] = [];
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hang: no answer after ${WATCHDOG_MS} ms (${results.length} of ${inputs.length} done)`)), WATCHDOG_MS);
      worker.on('message', (m: { outcome: string; ms?: number }) => {
        results.push(m);
        if (results.length === inputs.length) {
          clearTimeout(timer);
          resolve(results);
        }
      });
      worker.on('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

describe('zstd on corrupt frames', () => {
  it('rejects the frames that hung fzstd with a CodecError, fast', async () => {
    const inputs = HANGS.map((n) => new Uint8Array(readFileSync(join(repo, 'fuzz', 'regressions', 'page-codec', n))));
    const results = await decodeInWorker(inputs);
    for (const r of results) {
      expect(r.outcome).toBe('CodecError');
      expect(r.ms).toBeLessThan(100);
    }
  });
});
