#!/usr/bin/env node
// `npm run bench`: bundles bench/main.ts and runs it with a GC hook so that peak-memory
// figures are honest. Arguments are passed through (e.g. `npm run bench -- --only open`).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({
  entryPoints: ['bench/main.ts'],
  outfile: 'dist/bench/bench.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--expose-gc', 'dist/bench/bench.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
