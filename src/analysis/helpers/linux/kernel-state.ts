// The whole kernel state of a dump in one pass: system summary, kernel log, task table
// with the per-CPU runqueues, iomem/ioport trees and the panic. Each part stands alone:
// one that cannot be read (missing debug info, a fault) becomes a warning and null, and
// the others are still read.
import { CancelledError, errorMessage, type Warning } from '../../errors';
import type { DumpImage } from '../../formats/dump-image';
import { decodeCpus } from '../../formats/notes/decode-cpus';
import { kernelAccessOf, type KernelObjects } from './kernel-access';
import { derivePanic, type PanicInfo } from './panic';
import { getPrintkLog } from './printk/printk';
import type { PrintkLog } from './printk/printk-record';
import { getResourceTree, type ResourceTree } from './resource';
import { getTaskTable, type TaskTable } from './sched/task-table';
import { getSystemSummary, type SystemSummary } from './system-summary';

export interface KernelState {
  summary: SystemSummary;
  log: PrintkLog | null;
  tasks: TaskTable | null;
  iomem: ResourceTree | null;
  ioport: ResourceTree | null;
  panic: PanicInfo;
  warnings: Warning[];
  /** Milliseconds per part. */
  timings: Record<string, number>;
}

export interface KernelStateOptions {
  signal?: { readonly aborted: boolean };
  onProgress?: (step: string, done: number, total: number) => void;
}

const STEPS = ['summary', 'log', 'tasks', 'iomem', 'ioport', 'panic'] as const;

export async function getKernelState(k: KernelObjects, image: DumpImage, opts: KernelStateOptions = {}): Promise<KernelState> {
  const warnings: Warning[] = [];
  const timings: Record<string, number> = {};
  let done = 0;
  const part = async <T>(name: (typeof STEPS)[number], f: () => Promise<T>): Promise<T | null> => {
    if (opts.signal?.aborted) throw new CancelledError();
    opts.onProgress?.(`kernel state: ${name}`, done, STEPS.length);
    const t = performance.now();
    try {
      return await f();
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      warnings.push({ code: `NO_${name.toUpperCase()}`, message: `${name}: ${errorMessage(e)}` });
      return null;
    } finally {
      timings[name] = Math.round(performance.now() - t);
      done++;
    }
  };

  const summary = (await part('summary', () => getSystemSummary(k, image.pageSize, warnings)))!;
  const log = await part('log', () => getPrintkLog(kernelAccessOf(k)));
  const tasks = await part('tasks', () => getTaskTable(k));
  const iomem = await part('iomem', () => getResourceTree(k, 'iomem_resource'));
  const ioport = await part('ioport', () => getResourceTree(k, 'ioport_resource'));
  for (const w of [log?.warnings, tasks?.warnings, iomem?.warnings, ioport?.warnings]) warnings.push(...(w ?? []));

  const current = new Map<number, { task: bigint; pid: number; comm: string }>();
  for (const rq of tasks?.runqueues ?? []) {
    const t = tasks!.tasks.find((x) => x.address === rq.curr);
    if (t) current.set(rq.cpu, { task: t.address, pid: t.pid, comm: t.comm });
  }
  // QEMU writes the vCPU index + 1 into pr_pid: only kernel-written notes name a task.
  const prstatusPid = new Map<number, number>();
  if (image.producer !== 'qemu') {
    for (const c of decodeCpus(image, [])) if (c.source === 'prstatus') prstatusPid.set(c.cpu, c.pid);
  }
  const panic = (await part('panic', () => derivePanic(k, { records: log?.records ?? null, current, prstatusPid }, warnings))) ?? {
    line: null, message: null, cpu: null, cpuSource: null, pid: null, comm: null, task: null,
  };
  return { summary, log, tasks, iomem, ioport, panic, warnings, timings };
}
