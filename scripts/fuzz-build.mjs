// Bundles the fuzz runner (fuzz/main.ts) into one ESM file for Node. Used by
// scripts/fuzz.mjs and the robustness tests. The bundle finds the repo and the shared
// fixtures through CRASHLENS_REPO / CRASHLENS_FIXTURES (see fuzzEnv).
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildFuzz(outfile) {
  await build({
    entryPoints: [resolve(repo, 'fuzz/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

export function fuzzEnv(env = process.env) {
  return {
    ...env,
    CRASHLENS_REPO: env.CRASHLENS_REPO ?? repo,
    CRASHLENS_FIXTURES: env.CRASHLENS_FIXTURES ?? resolve(repo, '..', 'shared', 'fixtures'),
  };
}
