// DWARF index benchmark: time and peak memory of openDwarf on the debug vmlinux with 0
// (in-thread), 1 and 2 workers. Peak RSS counts the worker threads (same process).
import { statSync } from 'node:fs';
import { openDwarf } from '../src/analysis/debuginfo/dwarf/dwarf-info';
import { dwarfWorkerPool } from '../src/node/dwarf-worker-script';
import { openFileSource } from '../src/node/file-source';
import { SyncFileReader } from '../src/node/sync-file-reader';
import { measure } from './measure';

export interface DwarfBenchRow {
  workers: number;
  ms: number;
  /** .debug_info MB per second (wall). */
  mbPerS: number;
  /** Sampled peak RSS (misses spikes while the main thread is busy). */
  peakRssMB: number;
  /** getrusage ru_maxrss of this process (all threads; valid in a fresh process). */
  maxRssMB: number;
  peakHeapMB: number;
  /** CPU time of the process (all threads), seconds. */
  cpuS: number;
  baseRssMB: number;
  functions: number;
  units: number;
  /** Starting the worker pool (loading the worker entries), ms: before the timed index. */
  poolStartMs: number;
  /** openDwarf's steps (small sections, parallel scan, merge), ms. */
  smallMs: number;
  scanMs: number;
  mergeMs: number;
}

export async function benchDwarf(vmlinux: string, workers: number): Promise<DwarfBenchRow> {
  // The pool starts before the file is opened (the app and the CLI start it while they
  // open the dump and check the vmlinux); its start-up is reported on its own.
  const p0 = performance.now();
  const pool = await dwarfWorkerPool(workers);
  await pool?.ready;
  const poolStartMs = performance.now() - p0;
  const src = await openFileSource(vmlinux);
  const reader = new SyncFileReader(vmlinux);
  (globalThis as { gc?: () => void }).gc?.();
  const baseRssMB = process.memoryUsage().rss / 2 ** 20;
  try {
    const cpu0 = process.cpuUsage();
    const r = await measure(() =>
      openDwarf(src, reader, {
        runner: pool ?? undefined,
        workerFile: { path: vmlinux },
        closeRunner: true,
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    const d = r.value;
    const info = d.sections.sections.info?.size ?? 0;
    return {
      workers,
      ms: r.ms,
      mbPerS: info / 1e6 / (r.ms / 1000),
      peakRssMB: r.peakRssMB,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      cpuS: (cpu.user + cpu.system) / 1e6,
      peakHeapMB: r.peakHeapMB,
      baseRssMB,
      functions: d.index.functionCount,
      units: d.index.unitCount,
      ...d.indexSteps,
      poolStartMs,
    };
  } finally {
    await pool?.close();
    await src.close();
    reader.close();
  }
}

/** vmlinux size in MB, for the report. */
export function fileMB(path: string): number {
  return statSync(path).size / 1e6;
}
