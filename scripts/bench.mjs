#!/usr/bin/env node
// `npm run bench`: bundles bench/main.ts and runs it with a GC hook so that peak-memory
// figures are honest. Arguments are passed through (e.g. `npm run bench -- --only open`).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // esbuild itself must stay a package (it locates its binary from its own files).
  external: ['esbuild'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench/bench.mjs' });
// The DWARF index's worker_threads entry, found next to the running bundle.
await build({ ...common, entryPoints: ['src/node/dwarf-worker.ts'], outfile: 'dist/bench/dwarf-worker.mjs' });
// One DWARF index run per process (the debuginfo benchmark spawns it: cold code, own peak RSS).
await build({ ...common, entryPoints: ['bench/dwarf-main.ts'], outfile: 'dist/bench/dwarf-main.mjs' });
const r = spawnSync(process.execPath, ['--expose-gc', 'dist/bench/bench.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
