// Register display order. The report keeps each CPU's registers in the kernel's order, but
// this fixes the order per architecture anyway (pt_regs / user_pt_regs), so that every dump
// of one architecture reads the same; names we do not know follow in report order.

const X86_64 = [
  'r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx', 'rsi',
  'rdi', 'orig_rax', 'rip', 'cs', 'rflags', 'eflags', 'rsp', 'ss', 'fs_base', 'gs_base', 'ds',
  'es', 'fs', 'gs',
];

const ARM64 = [
  ...Array.from({ length: 31 }, (_, i) => `x${i}`),
  'fp', 'lr', 'sp', 'pc', 'pstate', 'cpsr', 'orig_x0', 'syscallno',
];

const X86 = ['ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'eax', 'ds', 'es', 'fs', 'gs', 'orig_eax', 'eip', 'cs', 'eflags', 'esp', 'ss'];

/** The registers that locate a CPU's code and stack, first the ones that exist. */
export const KEY_REGISTERS = ['rip', 'pc', 'eip', 'rsp', 'sp', 'esp', 'rbp', 'fp', 'x29', 'ebp'];

function orderFor(names: string[]): string[] {
  if (names.includes('rip')) return X86_64;
  if (names.includes('pc') || names.includes('x0')) return ARM64;
  if (names.includes('eip')) return X86;
  return [];
}

export function orderRegisters(registers: Record<string, string>): Array<[string, string]> {
  const names = Object.keys(registers);
  const known = orderFor(names);
  const rank = (n: string) => {
    const i = known.indexOf(n);
    return i < 0 ? known.length + names.indexOf(n) : i;
  };
  return names.sort((a, b) => rank(a) - rank(b)).map((n) => [n, registers[n]!]);
}

/** Hex digits to pad values to: 16 for 64-bit register sets, 8 for 32-bit ones. */
export function registerWidth(registers: Record<string, string>): number {
  return 'eip' in registers && !('rip' in registers) ? 8 : 16;
}
