// x86_64 struct pt_regs (arch/x86/include/asm/ptrace.h): 21 words, 168 bytes, in the
// order of user_regs_struct's first 21 members (so NT_PRSTATUS names serve for both).
// The hardware IRET frame is its last 5 words: ip @128 (IRET_FRAME_OFFSET), cs, flags,
// sp, ss (IRET_FRAME_SIZE 40). FRED kernels (v6.9) overlay cs/ss with bitfields but keep
// the size and offsets.
export type RegisterSet = Record<string, bigint>;

// prettier-ignore
export const PT_REGS_NAMES = [
  'r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx',
  'rsi', 'rdi', 'orig_rax', 'rip', 'cs', 'eflags', 'rsp', 'ss',
] as const;

export const PT_REGS_SIZE = 168;
export const IRET_FRAME_OFFSET = 128;
export const IRET_FRAME_SIZE = 40;
const IRET_NAMES = ['rip', 'cs', 'eflags', 'rsp', 'ss'] as const;

function words(bytes: Uint8Array, names: readonly string[]): RegisterSet {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: RegisterSet = {};
  names.forEach((n, i) => (out[n] = v.getBigUint64(i * 8, true)));
  return out;
}

/** A full pt_regs from its 168 bytes. */
export function decodePtRegs(bytes: Uint8Array): RegisterSet {
  return words(bytes, PT_REGS_NAMES);
}

/** The IRET frame (rip, cs, eflags, rsp, ss) from its 40 bytes. */
export function decodeIretFrame(bytes: Uint8Array): RegisterSet {
  return words(bytes, IRET_NAMES);
}

/** user_mode(regs): the privilege level in the saved CS is 3. */
export function isUserMode(regs: RegisterSet): boolean {
  return regs.cs !== undefined && (regs.cs & 3n) === 3n;
}

/** The pt_regs subset of a register set (NT_PRSTATUS has fs_base, gs_base and segments too). */
export function ptRegsOf(regs: RegisterSet): RegisterSet {
  const out: RegisterSet = {};
  for (const n of PT_REGS_NAMES) if (regs[n] !== undefined) out[n] = regs[n];
  return out;
}

/** The register an ORC sp_reg names, in pt_regs terms. */
export const ORC_REG_NAME: Partial<Record<string, string>> = { ax: 'rax', dx: 'rdx', di: 'rdi', r10: 'r10', r13: 'r13' };
