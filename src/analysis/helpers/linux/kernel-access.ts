// What the kernel helpers need from a Program: the kernel's virtual memory, VMCOREINFO,
// types (DWARF or BTF, absent when neither is available), symbol addresses and per-CPU
// pointers. A Program provides all of it; tests pass plain objects.
import type { TypeSource } from '../../debuginfo/debug-info';
import type { AddressSpace } from '../../memory/address-space';
import type { VmcoreInfoView } from '../../memory/vmcoreinfo-view';

export interface KernelAccess {
  /** Kernel virtual address space. */
  readonly memory: AddressSpace;
  readonly vmcoreinfo: VmcoreInfoView | null;
  /** null when the dump is read with VMCOREINFO only (no vmlinux, no BTF). */
  readonly types: TypeSource | null;
  /** Runtime address of a kernel symbol (KASLR applied), from VMCOREINFO, kallsyms or the symtab. */
  symbol(name: string): bigint | undefined;
  /** `per_cpu_ptr(address, cpu)`. */
  perCpuPtr(address: bigint, cpu: number): Promise<bigint>;
}
