// What the kernel helpers need from a Program. `KernelAccess` is the least of it (memory,
// VMCOREINFO, types that may be missing, symbol addresses, per-CPU pointers): enough for
// the printk buffer, which VMCOREINFO describes completely. `KernelObjects` adds typed
// objects and is what a Program (program/program.ts) is; tests may pass plain objects.
import type { TypeSource } from '../../debuginfo/debug-info';
import type { AddressSpace } from '../../memory/address-space';
import type { VmcoreInfoView } from '../../memory/vmcoreinfo-view';
import type { ObjectContext } from '../../program/object-context';

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

export interface KernelObjects extends ObjectContext {
  readonly vmcoreinfo: VmcoreInfoView | null;
  readonly types: TypeSource | null;
  symbol(name: string): { address: bigint; absolute?: boolean } | undefined;
  perCpuPtr(address: bigint, cpu: number): Promise<bigint>;
}

export function kernelAccessOf(k: KernelObjects): KernelAccess {
  return {
    memory: k.space,
    vmcoreinfo: k.vmcoreinfo,
    types: k.types,
    symbol: (name) => k.symbol(name)?.address,
    perCpuPtr: (address, cpu) => k.perCpuPtr(address, cpu),
  };
}

/** A symbol's address: the symbols first, VMCOREINFO's SYMBOL() lines second. */
export function symbolAddress(k: KernelObjects, name: string): bigint | undefined {
  return k.symbol(name)?.address ?? k.vmcoreinfo?.symbol(name);
}
