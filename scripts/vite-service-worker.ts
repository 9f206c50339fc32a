// Vite plugin: builds src/service-worker/sw.ts into dist/sw.js with the list of files to
// precache (every file of the build except the sample and source maps) and a version
// derived from their hashed names, so a new build replaces the old cache.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { transform } from 'esbuild';
import type { Plugin } from 'vite';

const SOURCE = resolve(import.meta.dirname, '..', 'src', 'service-worker', 'sw.ts');

export function serviceWorker(): Plugin {
  return {
    name: 'crashlens-service-worker',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => !f.endsWith('.map') && !f.startsWith('sample/'))
        .sort();
      const precache = ['./', ...files];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const { code } = await transform(readFileSync(SOURCE, 'utf8'), { loader: 'ts', target: 'es2022', format: 'esm' });
      const source = code
        .replace(/^export\s*\{\s*\};?\s*$/m, '')
        .replace(/__PRECACHE__/g, JSON.stringify(precache))
        .replace(/__VERSION__/g, JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
