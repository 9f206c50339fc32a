// Locates the real-dump fixtures for golden tests.
//  - The in-repo sample (public/sample + tests/data/sample) is always there, so a fresh
//    clone without ../shared still runs golden tests on one real dump.
//  - Every dump of ../shared/fixtures (decompressed by scripts/fixtures.mjs into a cache
//    outside the repo) is added when present; CI has ../shared beside the clone.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepareAll } from '../../scripts/fixtures.mjs';

export interface ManifestFile {
  id: string;
  path: string;
  run: string;
  container: string;
  page_compression: string | null;
  uncompressed_size: number;
  kernel_release: string;
  guest_cpus: number;
  panic_cpu: number;
  panic_pid: number;
  panic_task_comm: string;
  panic_message: string;
  panic_task_address: string;
  kaslr_offset: string;
  phys_base: string;
  page_offset_base: string;
  vmemmap_base: string;
  vmalloc_base: string;
  tasks_in_dump_drgn: number;
  oracle_dir: string;
  truth_dir: string;
}

export interface Fixture {
  id: string;
  scenario: string;
  /** Path of the (decompressed) dump file. */
  path: string;
  oracleDir: string;
  truthDir: string;
  manifest: ManifestFile;
  vmlinux: string | null;
  buildId: string;
}

const repo = resolve(import.meta.dirname, '..', '..');

function sample(): Fixture {
  const dir = join(repo, 'tests', 'data', 'sample');
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    kernel: { vmlinux_build_id: string };
    files: ManifestFile[];
  };
  const f = m.files[0]!;
  return {
    id: `sample-${f.id}`,
    scenario: 'sample',
    path: join(repo, 'public', 'sample', 'vmcore.kdump-zstd'),
    oracleDir: join(dir, 'oracle'),
    truthDir: join(dir, 'truth'),
    manifest: f,
    vmlinux: null,
    buildId: m.kernel.vmlinux_build_id,
  };
}

let cached: Fixture[] | undefined;

/** Every available real dump: the in-repo sample first, then ../shared/fixtures. */
export function allFixtures(): Fixture[] {
  if (cached) return cached;
  const out = [sample()];
  const wantVmlinux = process.env.CRASHLENS_NO_VMLINUX !== '1';
  for (const sc of prepareAll({ vmlinux: wantVmlinux })) {
    const m = JSON.parse(readFileSync(join(sc.dir, 'manifest.json'), 'utf8')) as {
      kernel: { vmlinux_build_id: string };
      files: ManifestFile[];
    };
    for (const f of m.files) {
      const path = sc.files[f.id];
      if (!path || !existsSync(path)) continue;
      out.push({
        id: f.id,
        scenario: sc.name,
        path,
        oracleDir: join(sc.dir, f.oracle_dir),
        truthDir: join(sc.dir, f.truth_dir),
        manifest: f,
        vmlinux: sc.vmlinux,
        buildId: m.kernel.vmlinux_build_id,
      });
    }
  }
  cached = out;
  return out;
}

export function sampleFixture(): Fixture {
  return allFixtures()[0]!;
}

export function readOracle(f: Fixture, name: string): string {
  return readFileSync(join(f.oracleDir, name), 'utf8');
}

export function hasOracle(f: Fixture, name: string): boolean {
  return existsSync(join(f.oracleDir, name));
}

/** The debug vmlinux of the shared fixtures, when fetched. */
export function vmlinuxPath(): string | null {
  return allFixtures().find((f) => f.vmlinux)?.vmlinux ?? null;
}
