#!/usr/bin/env node
// Prepares the real-dump fixtures for tests and benchmarks:
//  - finds ../shared/fixtures (or $CRASHLENS_FIXTURES),
//  - decompresses every *.xz dump into a cache outside the repo (never into the repo),
//  - fetches the matching debug vmlinux with the scenario's fetch-vmlinux.sh when asked
//    (--vmlinux), into the same cache.
// Prints a JSON summary. Safe to run repeatedly: finished files are kept (size-checked).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';

// The repository root: the nearest folder above this module with our package.json (this
// module also runs bundled from dist/bench/).
function findRepo(dir) {
  for (let d = dir; ; d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'crashlens') return d;
    if (dirname(d) === d) return resolve(dirname(fileURLToPath(import.meta.url)), '..');
  }
}
const repo = findRepo(dirname(fileURLToPath(import.meta.url)));
export const fixturesRoot =
  process.env.CRASHLENS_FIXTURES ?? resolve(repo, '..', 'shared', 'fixtures');
export const cacheRoot =
  process.env.CRASHLENS_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'crashlens');

function prepareScenario(name, wantVmlinux) {
  const dir = join(fixturesRoot, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const out = join(cacheRoot, 'fixtures', name);
  mkdirSync(out, { recursive: true });
  const files = {};
  for (const f of manifest.files) {
    const src = join(dir, f.path);
    if (f.stored_compression === 'xz') {
      const dest = join(out, f.path.split('/').pop().replace(/\.xz$/, ''));
      if (!existsSync(dest) || statSync(dest).size !== f.uncompressed_size) {
        process.stderr.write(`decompressing ${f.path} -> ${dest}\n`);
        const tmp = `${dest}.tmp`;
        const r = spawnSync('sh', ['-c', `xz -dc "$1" > "$2"`, 'sh', src, tmp], { stdio: 'inherit' });
        if (r.status !== 0) throw new Error(`xz failed on ${src}`);
        renameSync(tmp, dest);
      }
      files[f.id] = dest;
    } else {
      files[f.id] = src;
    }
  }
  let vmlinux = null;
  const fetcher = join(dir, 'fetch-vmlinux.sh');
  if (wantVmlinux && existsSync(fetcher)) {
    // fetch-vmlinux.sh verifies the sha256 of the 590 MB file on every call: remember a
    // verified copy by path, size and mtime so later runs skip the hashing.
    const marker = join(cacheRoot, 'vmlinux', `${name}.verified.json`);
    const known = existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : null;
    if (known && existsSync(known.path) && statSync(known.path).size === known.size && statSync(known.path).mtimeMs === known.mtimeMs) {
      vmlinux = known.path;
    } else {
      const r = spawnSync('sh', [fetcher, join(cacheRoot, 'vmlinux')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status === 0) {
        vmlinux = r.stdout.trim().split('\n').pop();
        const st = statSync(vmlinux);
        mkdirSync(dirname(marker), { recursive: true });
        writeFileSync(marker, JSON.stringify({ path: vmlinux, size: st.size, mtimeMs: st.mtimeMs }));
      } else process.stderr.write(`warning: could not fetch the vmlinux for ${name}\n`);
    }
  }
  return { name, dir, files, vmlinux };
}

export function prepareAll({ vmlinux = false } = {}) {
  if (!existsSync(fixturesRoot)) return [];
  return readdirSync(fixturesRoot)
    .filter((n) => existsSync(join(fixturesRoot, n, 'manifest.json')))
    .map((n) => prepareScenario(n, vmlinux));
}

// Run as a script (not when imported, bundled or not).
if (process.argv[1]?.endsWith('/fixtures.mjs')) {
  const res = prepareAll({ vmlinux: process.argv.includes('--vmlinux') });
  process.stdout.write(JSON.stringify(res, null, 1) + '\n');
}
