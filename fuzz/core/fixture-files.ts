// The real dumps a harness may cut seeds from: the in-repo sample, plus every dump of
// the shared fixtures that scripts/fixtures.mjs has decompressed into its cache, and the
// debug vmlinux when it was fetched before (nothing is downloaded or decompressed here).
// Paths follow scripts/fixtures.mjs; that module is not imported because its
// command-line check misfires inside a bundle. The launcher sets CRASHLENS_REPO and
// CRASHLENS_FIXTURES, since the bundle does not live where its sources do.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export interface FixtureFile {
  id: string;
  path: string;
  /** Manifest container: 'kdump-compressed', 'elf64-core', 'makedumpfile-flattened …'. */
  container: string;
}

interface Manifest {
  files: { id: string; path: string; container: string; stored_compression?: string | null }[];
}

export function repoRoot(): string {
  return process.env.CRASHLENS_REPO ?? process.cwd();
}

const fixturesRoot = () => process.env.CRASHLENS_FIXTURES ?? resolve(repoRoot(), '..', 'shared', 'fixtures');
const cacheRoot = () => process.env.CRASHLENS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'crashlens');

function scenarios(): string[] {
  const root = fixturesRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((n) => existsSync(join(root, n, 'manifest.json')));
}

export function fixtureFiles(): FixtureFile[] {
  const out: FixtureFile[] = [
    { id: 'sample-kdump-zstd', path: join(repoRoot(), 'public', 'sample', 'vmcore.kdump-zstd'), container: 'kdump-compressed' },
  ];
  for (const sc of scenarios()) {
    const dir = join(fixturesRoot(), sc);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    for (const f of m.files) {
      const path = f.stored_compression === 'xz' ? join(cacheRoot(), 'fixtures', sc, basename(f.path).replace(/\.xz$/, '')) : join(dir, f.path);
      out.push({ id: f.id, path, container: f.container });
    }
  }
  return out.filter((f) => existsSync(f.path));
}

/** The vmlinux recorded as verified by `scripts/fixtures.mjs --vmlinux`, if any. */
export function cachedVmlinux(): string | null {
  for (const sc of scenarios()) {
    const marker = join(cacheRoot(), 'vmlinux', `${sc}.verified.json`);
    if (!existsSync(marker)) continue;
    const known = JSON.parse(readFileSync(marker, 'utf8')) as { path: string };
    if (existsSync(known.path)) return known.path;
  }
  return null;
}

export function isKdump(f: FixtureFile): boolean {
  return f.container === 'kdump-compressed';
}
export function isElfCore(f: FixtureFile): boolean {
  return f.container.startsWith('elf64-core') || f.container.startsWith('elf32-core');
}
export function isFlattened(f: FixtureFile): boolean {
  return f.container.startsWith('makedumpfile-flattened');
}
