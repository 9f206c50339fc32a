// What the unwinder works on and what it gives back. Addresses are bigint.
import type { Warning } from '../errors';
import type { OrcEntry } from './orc-entry';
import type { RegisterSet } from './pt-regs';

/** Kinds of x86_64 kernel stacks (arch/x86/include/asm/stacktrace.h enum stack_type). */
export type StackKind = 'task' | 'irq' | 'exception' | 'entry' | 'unknown';

export interface StackRange {
  start: bigint;
  /** Exclusive. */
  end: bigint;
  kind: StackKind;
  /** As crash names it: "IRQ", "NMI", "DOUBLEFAULT", "DEBUG", "MCE", "VC"…, or "task". */
  label: string;
}

/** The stacks a task may run on: its own, and its CPU's IRQ and exception stacks. */
export interface StackMap {
  stackOf(address: bigint): StackRange | undefined;
}

/** Reads of kernel memory; a read that cannot be done throws (FaultError). */
export interface UnwindMemory {
  read(address: bigint, length: number): Promise<Uint8Array>;
  readU64(address: bigint): Promise<bigint>;
}

/** Finds the ORC entry of an ip: undefined when no table describes it, null for a corrupt entry. */
export interface OrcSource {
  find(ip: bigint): OrcEntry | null | undefined;
}

/** How a frame's pc was found. */
export type FrameMethod =
  | 'registers' // a register set: NT_PRSTATUS, inactive_task_frame, pt_regs
  | 'orc' // a return address located through ORC
  | 'frame-pointer' // a return address located by the frame-pointer guess (unreliable)
  | 'stack-scan'; // a return address found by scanning the stack, checked by ORC

/** Where an unwind starts. */
export interface UnwindStart {
  ip: bigint;
  sp: bigint;
  bp: bigint;
  /** All general registers, when known (NT_PRSTATUS, a pt_regs). */
  regs: RegisterSet | null;
  /** ip is the interrupted instruction itself, not a return address. */
  signal: boolean;
  method: FrameMethod;
}

/** A pt_regs (or only its IRET frame) that the code of a frame saved. */
export interface SavedRegisters {
  address: bigint;
  regs: RegisterSet;
  /** Only the hardware IRET frame (ORC REGS_PARTIAL). */
  partial: boolean;
}

export interface UnwoundFrame {
  pc: bigint;
  /** The stack pointer in this frame (after the callee returned), as drgn shows it. */
  sp: bigint;
  /** pc is exact (frame 0, or an interrupted context); else a return address. */
  signal: boolean;
  method: FrameMethod;
  stack: StackRange | null;
  /** Registers of the interrupted context, saved by this (entry) frame's code. */
  saved?: SavedRegisters;
}

export type UnwindEnd =
  | 'end-of-stack' // ORC END_OF_STACK: kernel thread top, or entry code
  | 'user-mode' // a pt_regs of user mode: the kernel part is complete
  | 'error' // stopped with a warning
  | 'frame-limit';

export interface UnwindResult {
  frames: UnwoundFrame[];
  end: UnwindEnd;
  warnings: Warning[];
}
