// Per-CPU scheduler state (kernel/sched/sched.h struct rq in the per-CPU `runqueues`):
// `curr` (the task running), `idle` (swapper/N), `nr_running`; and the architecture's
// per-CPU current pointer: x86 `pcpu_hot.current_task` (v6.2, commit 7443b296e699) or
// the per-CPU variable `current_task` before it. Which one exists is asked of the symbols.
import { errorMessage, FaultError, type Warning } from '../../../errors';
import { readU32, readU64 } from '../../../memory/address-space';
import { symbolAddress, type KernelObjects } from '../kernel-access';
import type { StructLayouts } from '../struct-layout';

export interface RunqueueState {
  cpu: number;
  /** Address of this CPU's struct rq. */
  rq: bigint;
  curr: bigint;
  idle: bigint;
  nrRunning: number;
  /** The per-CPU current pointer (current_task / pcpu_hot.current_task), when known. */
  current: bigint | null;
}

export async function readRunqueues(
  k: KernelObjects,
  l: StructLayouts,
  cpus: readonly number[],
  warnings: Warning[],
): Promise<RunqueueState[]> {
  const runqueues = symbolAddress(k, 'runqueues');
  if (runqueues === undefined) {
    warnings.push({ code: 'NO_RUNQUEUES', message: 'no symbol runqueues: idle and current tasks are unknown' });
    return [];
  }
  const curr = l.offset('rq', 'curr');
  const idle = l.offset('rq', 'idle');
  const nr = l.offset('rq', 'nr_running');
  const current = currentPointer(k, l);
  const out: RunqueueState[] = [];
  for (const cpu of cpus) {
    try {
      const rq = await k.perCpuPtr(runqueues, cpu);
      out.push({
        cpu,
        rq,
        curr: await readU64(k.space, rq + BigInt(curr)),
        idle: await readU64(k.space, rq + BigInt(idle)),
        nrRunning: await readU32(k.space, rq + BigInt(nr)),
        current: current === undefined ? null : await readU64(k.space, await k.perCpuPtr(current, cpu)),
      });
    } catch (e) {
      if (!(e instanceof FaultError)) throw e;
      warnings.push({ code: 'RUNQUEUE_UNREADABLE', message: `runqueue of CPU ${cpu}: ${errorMessage(e)}` });
    }
  }
  return out;
}

/** Per-CPU address of the current-task pointer. */
function currentPointer(k: KernelObjects, l: StructLayouts): bigint | undefined {
  const hot = symbolAddress(k, 'pcpu_hot');
  const off = l.tryOffset('pcpu_hot', 'current_task');
  if (hot !== undefined && off !== undefined) return hot + BigInt(off);
  return symbolAddress(k, 'current_task');
}
