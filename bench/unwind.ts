// Backtrace benchmark: the time to unwind every task of a dump (ORC tables, stacks, module
// symbols, every task's frames symbolized), once the Program and the task table exist, and
// from nothing (dump opened, debug info bound, task table, backtraces), with and without
// the vmlinux (.symtab, .BTF and the file's ORC; no DWARF), against crash's `foreach bt`
// in the same run: crash's start-up plus `foreach bt` run ten times, minus its start-up
// alone, over ten (crash's start-up, gdb reading the 590 MB vmlinux, is 10-20 s and varies
// more than one `foreach bt` takes).
// Debian 12's crash is 8.0.2, which mis-walks this kernel's task list (fixture README
// point 1) and so unwinds only the idle and active tasks; it still times crash's own
// start-up and unwinder, and the row says how many traces it printed.
import { openDump } from '../src/analysis/formats/open-dump';
import { getTaskTable } from '../src/analysis/helpers/linux/sched/task-table';
import { getBacktraces } from '../src/analysis/helpers/linux/stack/backtraces';
import { CachedSource, SESSION_CACHE_BYTES } from '../src/analysis/io/cached-source';
import { openProgram } from '../src/analysis/program/open-program';
import { openFileSource } from '../src/node/file-source';
import type { BenchDump } from './formats';
import { ensureDebianPackage, measure, median, timeCommand } from './measure';

export interface UnwindRow {
  id: string;
  mode: 'no vmlinux' | 'vmlinux';
  tasks: number;
  frames: number;
  /** Unwinding every task, the Program and task table being ready. */
  unwindMs: number;
  perTaskMs: number;
  /** From nothing to every backtrace. */
  totalMs: number;
  peakRssMB: number;
  /** crash's start-up, one `foreach bt`, and how many traces it printed. */
  crashStartS: number | null;
  crashForeachMs: number | null;
  crashTraces: number | null;
  crashPerTraceMs: number | null;
  /** Our time per task / crash's per trace (lower is better). */
  vsCrash: number | null;
}

async function unwindAll(path: string, vmlinux: string | null) {
  const file = await openFileSource(path);
  const vfile = vmlinux ? await openFileSource(vmlinux) : null;
  try {
    const t0 = performance.now();
    const image = await openDump([new CachedSource(file, { budgetBytes: SESSION_CACHE_BYTES })]);
    const prog = await openProgram(image, { vmlinux: vfile ? new CachedSource(vfile, { budgetBytes: SESSION_CACHE_BYTES }) : undefined });
    const table = await getTaskTable(prog);
    const t1 = performance.now();
    const r = await getBacktraces(prog, table);
    const t2 = performance.now();
    const frames = r.backtraces.reduce((n, b) => n + b.frames.length, 0);
    return { unwindMs: t2 - t1, totalMs: t2 - t0, tasks: r.backtraces.length, frames };
  } finally {
    await file.close();
    await vfile?.close();
  }
}

const REPEAT = 10;

function crashTimes(dump: string, vmlinux: string): { start: number; foreachMs: number; traces: number } | null {
  const start = [];
  const full = [];
  let traces = 0;
  for (let i = 0; i < 3; i++) {
    const s = timeCommand('crash', ['-s', vmlinux, dump], 'q\n');
    const f = timeCommand('crash', ['-s', vmlinux, dump], 'foreach bt\n'.repeat(REPEAT) + 'q\n');
    if (!s || !f || s.status !== 0 || f.status !== 0) return null;
    start.push(s.s);
    full.push(f.s);
    traces = (f.out.match(/^PID: /gm) ?? []).length / REPEAT;
  }
  return { start: median(start), foreachMs: (Math.max(0, median(full) - median(start)) * 1000) / REPEAT, traces };
}

export async function benchUnwind(dumps: BenchDump[], vmlinux: string | null, external: Set<string>): Promise<UnwindRow[]> {
  const haveCrash = vmlinux !== null && ensureDebianPackage('crash', 'crash');
  const rows: UnwindRow[] = [];
  for (const d of dumps) {
    const crash = external.has(d.id) && haveCrash && vmlinux ? crashTimes(d.path, vmlinux) : null;
    for (const mode of ['no vmlinux', 'vmlinux'] as const) {
      if (mode === 'vmlinux' && !vmlinux) continue;
      const runs = [];
      let peak = 0;
      for (let i = 0; i < 3; i++) {
        const m = await measure(() => unwindAll(d.path, mode === 'vmlinux' ? vmlinux : null));
        runs.push(m.value);
        peak = Math.max(peak, m.peakRssMB);
      }
      const unwindMs = median(runs.map((r) => r.unwindMs));
      rows.push({
        id: d.id,
        mode,
        tasks: runs[0]!.tasks,
        frames: runs[0]!.frames,
        unwindMs,
        perTaskMs: unwindMs / Math.max(1, runs[0]!.tasks),
        totalMs: median(runs.map((r) => r.totalMs)),
        peakRssMB: peak,
        crashStartS: crash?.start ?? null,
        crashForeachMs: crash?.foreachMs ?? null,
        crashTraces: crash?.traces ?? null,
        crashPerTraceMs: crash?.traces ? crash.foreachMs / crash.traces : null,
        vsCrash: crash?.traces && crash.foreachMs ? unwindMs / Math.max(1, runs[0]!.tasks) / (crash.foreachMs / crash.traces) : null,
      });
    }
  }
  return rows;
}
