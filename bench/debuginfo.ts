// Debug-info benchmark (issue "Kernel address space and debug info"): DWARF index time and
// peak memory with 1 and 2 workers, BTF load (vmlinux .BTF and dump memory), kallsyms
// decode, and drgn 0.0.22's load of the same vmlinux and dump as a ratio.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDump } from '../src/analysis/formats/open-dump';
import { CachedSource, SESSION_CACHE_BYTES } from '../src/analysis/io/cached-source';
import { openProgram } from '../src/analysis/program/open-program';
import { openFileSource } from '../src/node/file-source';
import { benchDwarf, fileMB, type DwarfBenchRow } from './dwarf';
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

/** drgn's own timing (Debian's python3, where python3-drgn lives) of set_core_dump + load_debug_info (median of 3), in ms. */
function drgnLoadMs(dump: string, vmlinux: string): number | null {
  if (!ensureDebianPackage('drgn', 'python3-drgn')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'crashlens-drgn-'));
  try {
    const script = join(dir, 'load.py');
    writeFileSync(script, DRGN_LOAD);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = timeCommand('/usr/bin/python3', [script, dump, vmlinux]);
      if (!t || t.status !== 0) return null;
      runs.push(Number(t.out.trim().split('\n').pop()) * 1000);
    }
    return median(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Program open on `dump` (optionally with the vmlinux's .symtab + .BTF); its step timings. */
async function programTimings(dump: string, vmlinux: string | null): Promise<Record<string, number>> {
  const d = new CachedSource(await openFileSource(dump), { budgetBytes: SESSION_CACHE_BYTES });
  const v = vmlinux ? new CachedSource(await openFileSource(vmlinux), { budgetBytes: SESSION_CACHE_BYTES }) : undefined;
  try {
    const p = await openProgram(await openDump([d]), { vmlinux: v });
    return p.provenance.timings;
  } finally {
    await d.close();
    await v?.close();
  }
}

export async function benchDebugInfo(dump: string, vmlinux: string | null): Promise<DebugInfoRow[]> {
  const rows: DebugInfoRow[] = [];
  const runs = async (f: () => Promise<Record<string, number>>, key: string) => {
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) xs.push((await f())[key] ?? NaN);
    return median(xs);
  };
  rows.push({ step: 'kallsyms decode from the dump', ms: await runs(() => programTimings(dump, null), 'kallsyms'), detail: 'no vmlinux', drgnMs: null, ratioToDrgn: null });
  rows.push({ step: 'BTF from the dump memory', ms: await runs(() => programTimings(dump, null), 'types'), detail: '__start_BTF..__stop_BTF', drgnMs: null, ratioToDrgn: null });
  if (!vmlinux) return rows;
  rows.push({ step: 'vmlinux .BTF (+ match check)', ms: await runs(() => programTimings(dump, vmlinux), 'types'), detail: 'no DWARF', drgnMs: null, ratioToDrgn: null });
  const drgn = drgnLoadMs(dump, vmlinux);
  for (const workers of [0, 1, 2]) {
    // Median of 3, as drgn's; each run starts a fresh pool (its start-up is shown apart:
    // the app and the CLI start it while the dump opens).
    const runs: DwarfBenchRow[] = [];
    for (let i = 0; i < 3; i++) runs.push(await benchDwarf(vmlinux, workers));
    runs.sort((a, b) => a.ms - b.ms);
    const r = runs[1]!;
    rows.push({
      step: workers ? `DWARF index, ${workers} worker${workers > 1 ? 's' : ''}` : 'DWARF index, in-thread',
      ms: r.ms,
      detail:
        `${r.mbPerS.toFixed(0)} MB/s of .debug_info (best ${runs[0]!.ms.toFixed(0)} ms); scan ${r.scanMs.toFixed(0)} ms, merge ${r.mergeMs.toFixed(0)} ms` +
        `${workers ? `, pool start ${r.poolStartMs.toFixed(0)} ms before` : ''}; peak RSS ${Math.max(...runs.map((x) => x.maxRssMB)).toFixed(0)} MB; ${fileMB(vmlinux).toFixed(0)} MB vmlinux`,
      drgnMs: drgn,
      ratioToDrgn: drgn ? r.ms / drgn : null,
    });
  }
  return rows;
}
