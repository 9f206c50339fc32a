// NT_PRSTATUS ("CORE", type 1): struct elf_prstatus (include/linux/elfcore.h), written per
// CPU by crash_save_cpu (kernel) or by QEMU (target/*/arch_dump.c).
//   LP64 (x86_64, arm64): pr_pid @32, pr_reg @112 (after pr_info, pr_cursig, pr_sigpend,
//     pr_sighold, pr_pid/ppid/pgrp/sid and four struct timeval).
//   ILP32 (i386): pr_pid @24, pr_reg @72.
// pr_reg is elf_gregset_t: x86_64 struct user_regs_struct (arch/x86/include/asm/user_64.h),
// arm64 struct user_pt_regs (arch/arm64/include/uapi/asm/ptrace.h), i386 struct
// user_regs_struct (arch/x86/include/asm/user_32.h).
import { Cursor } from '../../binary/cursor';
import type { Arch } from '../dump-image';
import type { CpuRegisters } from './cpu-registers';
import type { ElfNote } from './elf-note';

/** x86_64 user_regs_struct, in order (27 × u64). */
// prettier-ignore
export const X86_64_PRSTATUS_REGS = [
  'r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx',
  'rsi', 'rdi', 'orig_rax', 'rip', 'cs', 'eflags', 'rsp', 'ss', 'fs_base', 'gs_base',
  'ds', 'es', 'fs', 'gs',
] as const;

/** arm64 user_pt_regs: regs[31] (x29 = fp, x30 = lr), sp, pc, pstate (34 × u64). */
// prettier-ignore
export const ARM64_PRSTATUS_REGS = [
  ...Array.from({ length: 31 }, (_, i) => `x${i}`),
  'sp', 'pc', 'pstate',
] as const;

/** i386 user_regs_struct (17 × u32). */
// prettier-ignore
export const I386_PRSTATUS_REGS = [
  'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'eax', 'ds', 'es', 'fs', 'gs', 'orig_eax',
  'eip', 'cs', 'eflags', 'esp', 'ss',
] as const;

interface Layout {
  pidOffset: number;
  regOffset: number;
  wordSize: 4 | 8;
  names: readonly string[];
}

const LAYOUTS: Partial<Record<Arch, Layout>> = {
  x86_64: { pidOffset: 32, regOffset: 112, wordSize: 8, names: X86_64_PRSTATUS_REGS },
  arm64: { pidOffset: 32, regOffset: 112, wordSize: 8, names: ARM64_PRSTATUS_REGS },
  x86: { pidOffset: 24, regOffset: 72, wordSize: 4, names: I386_PRSTATUS_REGS },
};

/** Bytes of elf_prstatus up to the end of pr_reg; the descriptor must hold at least this. */
export function prstatusMinSize(arch: Arch): number | undefined {
  const l = LAYOUTS[arch];
  return l && l.regOffset + l.names.length * l.wordSize;
}

/**
 * Decodes one NT_PRSTATUS descriptor. `cpu` is the note's index among the NT_PRSTATUS
 * notes (what crash and drgn call the CPU number). Returns undefined for an arch with
 * no known layout; throws BadDataError when the descriptor is too short for `arch`.
 */
export function decodePrstatus(
  note: ElfNote,
  arch: Arch,
  cpu: number,
  littleEndian = true,
): CpuRegisters | undefined {
  const l = LAYOUTS[arch];
  if (!l) return undefined;
  const c = new Cursor(note.desc, note.source, note.descOffset, littleEndian);
  c.need(l.regOffset + l.names.length * l.wordSize, `elf_prstatus for ${arch}`, 0);
  const pid = c.seek(l.pidOffset).i32('pr_pid');
  c.seek(l.regOffset);
  const registers: Record<string, bigint> = {};
  for (const name of l.names) registers[name] = c.word(l.wordSize, `pr_reg.${name}`);
  return { cpu, pid, arch, registers, source: 'prstatus', descOffset: note.descOffset };
}
