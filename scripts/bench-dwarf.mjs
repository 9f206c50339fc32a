#!/usr/bin/env node
// DWARF index benchmark on the debug vmlinux of the fixtures (or the path given):
// wall time, .debug_info MB/s and peak RSS/heap with 0 (in-thread), 1 and 2 workers,
// each in a fresh process. `node scripts/bench-dwarf.mjs [vmlinux] [--runs N]`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { prepareAll } from './fixtures.mjs';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const vmlinux =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ??
  prepareAll({ vmlinux: true }).find((s) => s.vmlinux)?.vmlinux;
if (!vmlinux) {
  console.error('bench-dwarf: no vmlinux (give a path, or fetch the fixtures)');
  process.exit(2);
}
// The worker entry goes next to the bench bundle, where dwarfWorkerScript() looks first.
for (const [entry, outfile] of [
  ['bench/dwarf-main.ts', 'dist/bench/dwarf-main.mjs'],
  ['src/node/dwarf-worker.ts', 'dist/bench/dwarf-worker.mjs'],
]) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}
const rows = [];
for (const workers of [0, 1, 2]) {
  const results = [];
  for (let r = 0; r < runs; r++) {
    const p = spawnSync(
      process.execPath,
      ['--expose-gc', 'dist/bench/dwarf-main.mjs', vmlinux, String(workers)],
      { encoding: 'utf8' },
    );
    if (p.status !== 0) {
      console.error(p.stderr);
      process.exit(1);
    }
    results.push(JSON.parse(p.stdout.trim().split('\n').pop()));
  }
  results.sort((a, b) => a.ms - b.ms);
  const best = results[0];
  const median = results[Math.floor(results.length / 2)];
  rows.push({
    workers,
    'best s': +(best.ms / 1000).toFixed(2),
    'median s': +(median.ms / 1000).toFixed(2),
    'MB/s (best)': Math.round(best.mbPerS),
    'max RSS MB': Math.round(Math.max(...results.map((x) => x.maxRssMB))),
    'CPU s (best)': +best.cpuS.toFixed(2),
    'peak main heap MB': Math.round(Math.max(...results.map((x) => x.peakHeapMB))),
    'base RSS MB': Math.round(best.baseRssMB),
    'scan ms (best)': Math.round(best.scanMs),
    'merge ms (best)': Math.round(best.mergeMs),
    'pool start ms': Math.round(best.poolStartMs),
    functions: best.functions,
  });
}
console.log(`DWARF index of ${vmlinux}`);
console.table(rows);
