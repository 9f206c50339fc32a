// Bundles the Node CLI (src/cli/bin.ts) into dist/cli/crashlens.mjs with esbuild.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Only the from-sources fallback of src/node/dwarf-worker-script.ts imports esbuild.
  external: ['esbuild'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli/crashlens.mjs' });
// The DWARF index's worker_threads entry, found next to the CLI bundle at run time
// (src/node/dwarf-worker-script.ts).
await build({ ...common, entryPoints: ['src/node/dwarf-worker.ts'], outfile: 'dist/cli/dwarf-worker.mjs' });
