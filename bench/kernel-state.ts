// Kernel-state benchmark: time from nothing to the full kernel state (dump opened,
// Program bound to debug info, summary + log + tasks + runqueues + iomem + panic), with
// and without the vmlinux, against crash's start-up plus `ps; log` and drgn's
// equivalent (for_each_task + get_dmesg + the iomem walk) on the same dump, as ratios.
// Debian's crash is 8.0.2, which mis-walks this kernel's task list (fixture README point
// 1) but times the same work; drgn is Debian's python3-drgn (0.0.22).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDump } from '../src/analysis/formats/open-dump';
import { getKernelState } from '../src/analysis/helpers/linux/kernel-state';
import { CachedSource, SESSION_CACHE_BYTES } from '../src/analysis/io/cached-source';
import { openProgram } from '../src/analysis/program/open-program';
import { openFileSource } from '../src/node/file-source';
import type { BenchDump } from './formats';
import { ensureDebianPackage, measure, median, timeCommand } from './measure';

export interface KernelStateRow {
  id: string;
  mode: 'no vmlinux' | 'vmlinux';
  totalMs: number;
  programMs: number;
  stateMs: number;
  tasks: number;
  logRecords: number;
  peakRssMB: number;
  crashS: number | null;
  drgnS: number | null;
  /** Our time / crash's time (lower is better). */
  vsCrash: number | null;
  vsDrgn: number | null;
}

const DRGN_SCRIPT = `
import sys, drgn
from drgn.helpers.linux.pid import for_each_task
from drgn.helpers.linux.printk import get_dmesg
prog = drgn.Program()
prog.set_core_dump(sys.argv[1])
prog.load_debug_info([sys.argv[2]])
tasks = [(t.pid.value_(), t.comm.string_(), t.__state.value_()) for t in for_each_task(prog)]
log = get_dmesg(prog)
def walk(r, d):
    n = 0
    c = r.child
    while c:
        n += 1 + walk(c, d + 1)
        c = c.sibling
    return n
n = walk(prog['iomem_resource'].address_of_(), 0)
print(len(tasks), len(log), n)
`;

async function fullState(path: string, vmlinux: string | null) {
  const file = await openFileSource(path);
  const vfile = vmlinux ? await openFileSource(vmlinux) : null;
  try {
    const t0 = performance.now();
    const image = await openDump([new CachedSource(file, { budgetBytes: SESSION_CACHE_BYTES })]);
    const program = await openProgram(image, { vmlinux: vfile ? new CachedSource(vfile, { budgetBytes: SESSION_CACHE_BYTES }) : undefined });
    const t1 = performance.now();
    const state = await getKernelState(program, image);
    const t2 = performance.now();
    return { programMs: t1 - t0, stateMs: t2 - t1, tasks: state.tasks?.tasks.length ?? 0, logRecords: state.log?.records.length ?? 0 };
  } finally {
    await file.close();
    await vfile?.close();
  }
}

function crashSeconds(dump: string, vmlinux: string): number | null {
  const t = timeCommand('crash', ['-s', vmlinux, dump], 'ps\nlog\nq\n');
  return t && t.status === 0 ? t.s : null;
}

function drgnSeconds(dump: string, vmlinux: string): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'crashlens-drgn-'));
  try {
    const script = join(dir, 'state.py');
    writeFileSync(script, DRGN_SCRIPT);
    const t = timeCommand('/usr/bin/python3', [script, dump, vmlinux]);
    return t && t.status === 0 ? t.s : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `external`: ids of the dumps on which crash and drgn run too (they take seconds each). */
export async function benchKernelState(dumps: BenchDump[], vmlinux: string | null, external: Set<string>): Promise<KernelStateRow[]> {
  const haveCrash = vmlinux !== null && ensureDebianPackage('crash', 'crash');
  const haveDrgn = vmlinux !== null && ensureDebianPackage('drgn', 'python3-drgn');
  const rows: KernelStateRow[] = [];
  for (const d of dumps) {
    const ext = external.has(d.id) && vmlinux !== null;
    const crashS = ext && haveCrash ? crashSeconds(d.path, vmlinux) : null;
    const drgnS = ext && haveDrgn ? drgnSeconds(d.path, vmlinux) : null;
    for (const mode of ['no vmlinux', 'vmlinux'] as const) {
      if (mode === 'vmlinux' && !vmlinux) continue;
      const runs = [];
      let peak = 0;
      for (let i = 0; i < 3; i++) {
        const m = await measure(() => fullState(d.path, mode === 'vmlinux' ? vmlinux : null));
        runs.push(m.value);
        peak = Math.max(peak, m.peakRssMB);
      }
      const total = median(runs.map((r) => r.programMs + r.stateMs));
      rows.push({
        id: d.id,
        mode,
        totalMs: total,
        programMs: median(runs.map((r) => r.programMs)),
        stateMs: median(runs.map((r) => r.stateMs)),
        tasks: runs[0]!.tasks,
        logRecords: runs[0]!.logRecords,
        peakRssMB: peak,
        crashS,
        drgnS,
        vsCrash: crashS ? total / 1000 / crashS : null,
        vsDrgn: drgnS ? total / 1000 / drgnS : null,
      });
    }
  }
  return rows;
}
