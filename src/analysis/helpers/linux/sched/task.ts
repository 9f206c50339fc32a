// One task_struct read into plain fields (one read of the span task-layout.ts computed).
import type { AddressSpace } from '../../../memory/address-space';
import { latin1 } from '../../../program/object-value';
import type { TaskLayout } from './task-layout';
import { taskStateToChar } from './task-state';

/** include/linux/sched.h PF_KTHREAD: "I am a kernel thread". */
export const PF_KTHREAD = 0x00200000;

export interface TaskFields {
  address: bigint;
  pid: number;
  tgid: number;
  comm: string;
  /** __state (or state) and exit_state as stored. */
  stateValue: number;
  exitState: number;
  /** task_state_to_char(). */
  state: string;
  cpu: number | null;
  /** task_struct.on_cpu (CONFIG_SMP): the task is running on its CPU. */
  onCpu: boolean | null;
  flags: number;
  realParent: bigint;
  stack: bigint | null;
  /** The addresses of the list_heads the walks follow. */
  tasksNext: bigint;
  signal: bigint | null;
  threadGroupNext: bigint | null;
}

export async function readTask(space: AddressSpace, layout: TaskLayout, address: bigint): Promise<TaskFields> {
  const { start, end } = layout.span;
  const bytes = await space.read(address + BigInt(start), end - start);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const uint = (f: { offset: number; size: number }): number => {
    const o = f.offset - start;
    return f.size === 1 ? v.getUint8(o) : f.size === 2 ? v.getUint16(o, true) : v.getUint32(o, true);
  };
  const int = (f: { offset: number; size: number }): number => (f.size === 4 ? v.getInt32(f.offset - start, true) : uint(f));
  const ptr = (offset: number): bigint => v.getBigUint64(offset - start, true);
  const c = layout.comm.offset - start;
  const commBytes = bytes.subarray(c, c + layout.comm.size);
  const nul = commBytes.indexOf(0);
  const stateValue = uint(layout.state);
  const exitState = uint(layout.exitState);
  const th = layout.threads;
  return {
    address,
    pid: int(layout.pid),
    tgid: int(layout.tgid),
    comm: latin1(nul >= 0 ? commBytes.subarray(0, nul) : commBytes),
    stateValue,
    exitState,
    state: taskStateToChar(stateValue, exitState),
    cpu: layout.cpu ? uint(layout.cpu) : null,
    onCpu: layout.onCpu ? uint(layout.onCpu) !== 0 : null,
    flags: uint(layout.flags),
    realParent: ptr(layout.realParent.offset),
    stack: layout.stack ? ptr(layout.stack.offset) : null,
    tasksNext: ptr(layout.tasks),
    signal: th.kind === 'thread_node' ? ptr(th.signal.offset) : null,
    threadGroupNext: th.kind === 'thread_group' ? ptr(th.threadGroup) : null,
  };
}
