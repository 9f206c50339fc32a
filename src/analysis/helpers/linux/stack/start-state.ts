// Where a task's unwind starts (arch/x86/kernel/unwind_orc.c __unwind_start):
//  - a task off CPU: task->thread.sp points at its struct inactive_task_frame
//    (arch/x86/include/asm/switch_to.h, v4.9: r15 r14 r13 r12 bx bp ret_addr; offsets from
//    the types), pushed by __switch_to_asm. ip = ret_addr, bp = frame->bp, sp = thread.sp +
//    sizeof(frame); a task that never ran returns to ret_from_fork (ret_from_fork_asm
//    since 6.7), which is looked up as a signal frame (state->signal);
//  - a task on a CPU: that CPU's saved registers (NT_PRSTATUS, or QEMU's CPU state).
import { errorMessage, type Warning } from '../../../errors';
import type { CpuRegisters } from '../../../formats/notes/cpu-registers';
import { readU64 } from '../../../memory/address-space';
import { ptRegsOf } from '../../../unwind/pt-regs';
import type { UnwindStart } from '../../../unwind/unwind-types';
import { symbolAddress, type KernelObjects } from '../kernel-access';
import type { StructLayouts } from '../struct-layout';

export interface SwitchFrameLayout {
  threadSp: number;
  size: bigint;
  bp: bigint;
  retAddr: bigint;
  /** Runtime addresses of ret_from_fork / ret_from_fork_asm. */
  forkReturns: Set<bigint>;
}

/** x86_64 inactive_task_frame without debug info for it: 7 words, bp @40, ret_addr @48. */
const DEFAULT_FRAME = { size: 56, bp: 40, retAddr: 48 };

export function switchFrameLayout(k: KernelObjects, l: StructLayouts, warnings: Warning[]): SwitchFrameLayout | null {
  const threadSp = l.tryOffset('task_struct', 'thread.sp');
  if (threadSp === undefined) {
    warnings.push({ code: 'NO_THREAD_SP', message: 'task_struct.thread.sp is unknown: sleeping tasks cannot be unwound' });
    return null;
  }
  let f = DEFAULT_FRAME;
  const size = l.trySize('inactive_task_frame');
  const bp = l.tryOffset('inactive_task_frame', 'bp');
  const ret = l.tryOffset('inactive_task_frame', 'ret_addr');
  if (size !== undefined && bp !== undefined && ret !== undefined) f = { size, bp, retAddr: ret };
  else warnings.push({ code: 'SWITCH_FRAME', message: 'no struct inactive_task_frame in the types: assuming the 7-word x86_64 layout of v4.9+' });
  const forkReturns = new Set<bigint>();
  for (const n of ['ret_from_fork', 'ret_from_fork_asm']) {
    const a = symbolAddress(k, n);
    if (a !== undefined) forkReturns.add(a);
  }
  return { threadSp, size: BigInt(f.size), bp: BigInt(f.bp), retAddr: BigInt(f.retAddr), forkReturns };
}

/** The start of a sleeping task's unwind, from its inactive_task_frame. */
export async function sleepingStart(k: KernelObjects, s: SwitchFrameLayout, task: bigint): Promise<{ start: UnwindStart; frame: bigint }> {
  const sp = await readU64(k.space, task + BigInt(s.threadSp));
  const ip = await readU64(k.space, sp + s.retAddr);
  const bp = await readU64(k.space, sp + s.bp);
  return { start: { ip, sp: sp + s.size, bp, regs: null, signal: s.forkReturns.has(ip), method: 'registers' }, frame: sp };
}

/** The start of a running task's unwind, from its CPU's registers. */
export function cpuStart(cpu: CpuRegisters): UnwindStart {
  const r = cpu.registers;
  return { ip: r.rip ?? 0n, sp: r.rsp ?? 0n, bp: r.rbp ?? 0n, regs: ptRegsOf(r), signal: true, method: 'registers' };
}

export function describeError(what: string, e: unknown): Warning {
  return { code: 'BACKTRACE', message: `${what}: ${errorMessage(e)}` };
}
