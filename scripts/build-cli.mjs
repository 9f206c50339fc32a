// Bundles the Node CLI (src/cli/bin.ts) into dist/cli/crashlens.mjs with esbuild.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli/crashlens.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // worker_threads entry points are emitted next to the CLI by their own build step.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
