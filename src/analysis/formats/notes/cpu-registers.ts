// Per-CPU register sets decoded from NT_PRSTATUS (or QEMU's CPU state notes).
import type { Arch } from '../dump-image';

export interface CpuRegisters {
  /** Logical CPU number (the note's order among the NT_PRSTATUS notes: crash_save_cpu fills per-CPU crash_notes in CPU order). */
  cpu: number;
  /** pr_pid: the pid current on that CPU (QEMU writes the vCPU index + 1 instead). */
  pid: number;
  arch: Arch;
  /** Register name → value, in the kernel's pt_regs order. */
  registers: Record<string, bigint>;
  /** Where the registers came from. */
  source: 'prstatus' | 'qemu';
  /** File offset of the note desc, for messages. */
  descOffset: number;
}
