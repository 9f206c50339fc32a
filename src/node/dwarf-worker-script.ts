// Where the DWARF worker entry is: the built dwarf-worker.mjs next to the running bundle
// (dist/cli), or, when running from sources (tests, scripts), a bundle of
// dwarf-worker.ts made once with esbuild into the system temp directory.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeWorkerPool } from './worker-pool';

let cached: Promise<string> | undefined;

export function dwarfWorkerScript(): Promise<string> {
  cached ??= locate();
  return cached;
}

async function locate(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, 'dwarf-worker.mjs');
  if (existsSync(built)) return built;
  // From sources: next to this file, or (inside another bundle run from the repo) under src/node.
  const entry = [
    join(here, 'dwarf-worker.ts'),
    join(process.cwd(), 'src', 'node', 'dwarf-worker.ts'),
  ].find((p) => existsSync(p));
  if (!entry) throw new Error(`no DWARF worker script next to ${here}`);
  // Bundled once per process (about 0.1 s), so that it always matches the sources.
  const out = join(mkdtempSync(join(tmpdir(), 'crashlens-dwarf-')), 'dwarf-worker.mjs');
  process.once('exit', () => rmSync(dirname(out), { recursive: true, force: true }));
  // esbuild is a devDependency: only needed when running from sources.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return out;
}

/**
 * A pool of `lanes` DWARF index workers (0 → null: index in the calling thread). A small
 * young generation keeps each worker's RSS low: the scan allocates little that lives
 * (measured on Debian's vmlinux: peak process RSS 153 MB → 131–141 MB with 2 workers).
 */
export async function dwarfWorkerPool(lanes: number): Promise<NodeWorkerPool | null> {
  if (lanes <= 0) return null;
  return new NodeWorkerPool(await dwarfWorkerScript(), lanes, { maxYoungGenerationSizeMb: 4 });
}
