// Debug-info benchmark (issue "Kernel address space and debug info"): DWARF index time and
// peak memory in-thread and with 1 and 2 workers, BTF load (vmlinux .BTF and dump memory),
// kallsyms decode, and drgn 0.0.22's load of the same vmlinux and dump as a ratio. Each
// DWARF run and each drgn run is a fresh process (cold code, its own peak RSS), and the
// runs alternate, so that both sides meet the same machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDump } from '../src/analysis/formats/open-dump';
import { CachedSource, SESSION_CACHE_BYTES } from '../src/analysis/io/cached-source';
import { openProgram } from '../src/analysis/program/open-program';
import { openFileSource } from '../src/node/file-source';
import { fileMB, type DwarfBenchRow } from './dwarf';
import { ensureDebianPackage, median, timeCommand } from './measure';

export interface DebugInfoRow {
  step: string;
  ms: number;
  detail: string;
  drgnMs: number | null;
  ratioToDrgn: number | null;
}

const DRGN_LOAD = `
import sys, time, drgn
t0 = time.perf_counter()
prog = drgn.Program()
prog.set_core_dump(sys.argv[1])
prog.load_debug_info([sys.argv[2]])
print(time.perf_counter() - t0)
`;

/** Runs of each side (medians are reported). */
const RUNS = 5;

/** drgn's own timing (Debian's python3, where python3-drgn lives) of set_core_dump + load_debug_info, in ms. */
function drgnLoadMs(script: string, dump: string, vmlinux: string): number | null {
  const t = timeCommand('/usr/bin/python3', [script, dump, vmlinux]);
  if (!t || t.status !== 0) return null;
  return Number(t.out.trim().split('\n').pop()) * 1000;
}

/** One DWARF index run in a fresh process (dwarf-main.mjs, next to this bundle). */
function freshDwarf(vmlinux: string, workers: number): DwarfBenchRow {
  const here = dirname(fileURLToPath(import.meta.url));
  const main = join(here, 'dwarf-main.mjs');
  if (!existsSync(main))
    throw new Error(`${main} missing: run the benchmark through npm run bench`);
  const p = spawnSync(process.execPath, ['--expose-gc', main, vmlinux, String(workers)], {
    encoding: 'utf8',
  });
  if (p.status !== 0) throw new Error(`DWARF index run failed: ${p.stderr}`);
  return JSON.parse(p.stdout.trim().split('\n').pop()!) as DwarfBenchRow;
}

/** Program open on `dump` (optionally with the vmlinux's .symtab + .BTF); its step timings. */
async function programTimings(
  dump: string,
  vmlinux: string | null,
): Promise<Record<string, number>> {
  const d = new CachedSource(await openFileSource(dump), { budgetBytes: SESSION_CACHE_BYTES });
  const v = vmlinux
    ? new CachedSource(await openFileSource(vmlinux), { budgetBytes: SESSION_CACHE_BYTES })
    : undefined;
  try {
    const p = await openProgram(await openDump([d]), { vmlinux: v });
    return p.provenance.timings;
  } finally {
    await d.close();
    await v?.close();
  }
}

export async function benchDebugInfo(
  dump: string,
  vmlinux: string | null,
): Promise<DebugInfoRow[]> {
  const rows: DebugInfoRow[] = [];
  const runs = async (f: () => Promise<Record<string, number>>, key: string) => {
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) xs.push((await f())[key] ?? NaN);
    return median(xs);
  };
  rows.push({
    step: 'kallsyms decode from the dump',
    ms: await runs(() => programTimings(dump, null), 'kallsyms'),
    detail: 'no vmlinux',
    drgnMs: null,
    ratioToDrgn: null,
  });
  rows.push({
    step: 'BTF from the dump memory',
    ms: await runs(() => programTimings(dump, null), 'types'),
    detail: '__start_BTF..__stop_BTF',
    drgnMs: null,
    ratioToDrgn: null,
  });
  if (!vmlinux) return rows;
  rows.push({
    step: 'vmlinux .BTF (+ match check)',
    ms: await runs(() => programTimings(dump, vmlinux), 'types'),
    detail: 'no DWARF',
    drgnMs: null,
    ratioToDrgn: null,
  });
  // drgn and the three configurations take turns, RUNS times.
  const haveDrgn = ensureDebianPackage('drgn', 'python3-drgn');
  const dir = mkdtempSync(join(tmpdir(), 'crashlens-drgn-'));
  const script = join(dir, 'load.py');
  writeFileSync(script, DRGN_LOAD);
  const drgnRuns: number[] = [];
  const ours: DwarfBenchRow[][] = [[], [], []];
  try {
    for (let i = 0; i < RUNS; i++) {
      const d = haveDrgn ? drgnLoadMs(script, dump, vmlinux) : null;
      if (d !== null) drgnRuns.push(d);
      for (const workers of [0, 1, 2]) ours[workers]!.push(freshDwarf(vmlinux, workers));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const drgn = drgnRuns.length === RUNS ? median(drgnRuns) : null;
  for (const workers of [0, 1, 2]) {
    const runs = ours[workers]!.sort((a, b) => a.ms - b.ms);
    const r = runs[runs.length >> 1]!;
    rows.push({
      step: workers
        ? `DWARF index, ${workers} worker${workers > 1 ? 's' : ''}`
        : 'DWARF index, in-thread',
      ms: r.ms,
      detail:
        `median of ${runs.length} fresh processes, ${r.mbPerS.toFixed(0)} MB/s of .debug_info (best ${runs[0]!.ms.toFixed(0)} ms); scan ${r.scanMs.toFixed(0)} ms, merge ${r.mergeMs.toFixed(0)} ms` +
        `${workers ? `, pool start ${r.poolStartMs.toFixed(0)} ms before` : ''}; peak RSS ${Math.max(...runs.map((x) => x.maxRssMB)).toFixed(0)} MB; ${fileMB(vmlinux).toFixed(0)} MB vmlinux` +
        (drgn
          ? `; drgn median of ${RUNS} (${drgnRuns.map((x) => x.toFixed(0)).join(', ')} ms)`
          : ''),
      drgnMs: drgn,
      ratioToDrgn: drgn ? r.ms / drgn : null,
    });
  }
  return rows;
}
