// Per-CPU variables: `per_cpu_ptr(ptr, cpu) = ptr + __per_cpu_offset[cpu]`
// (include/asm-generic/percpu.h per_cpu_offset, SHIFT_PERCPU_PTR). `__per_cpu_offset` is
// `unsigned long __per_cpu_offset[NR_CPUS]` in the kernel image (mm/percpu.c);
// !SMP kernels have no such array and use per-CPU addresses as they are.
// On x86_64 up to 6.14 per-CPU symbols are zero-based offsets (e.g. runqueues = 0x31980),
// not moved by KASLR; from 6.15 they are ordinary kernel addresses. Either way the
// symbol's runtime address is what gets the offset added.
import { readU64, type AddressSpace } from './address-space';

export class PerCpu {
  private readonly offsets = new Map<number, bigint>();

  /**
   * `perCpuOffsetAddress`: runtime address of `__per_cpu_offset` (undefined for !SMP).
   * `nrCpuIds`: bound on valid CPU numbers, when known (nr_cpu_ids).
   */
  constructor(
    private readonly space: AddressSpace,
    readonly perCpuOffsetAddress: bigint | undefined,
    readonly nrCpuIds?: number,
  ) {}

  /** `__per_cpu_offset[cpu]`. */
  async offset(cpu: number): Promise<bigint> {
    if (
      !Number.isInteger(cpu) ||
      cpu < 0 ||
      (this.nrCpuIds !== undefined && cpu >= this.nrCpuIds)
    ) {
      throw new RangeError(
        `CPU ${cpu} is out of range${this.nrCpuIds !== undefined ? ` (nr_cpu_ids ${this.nrCpuIds})` : ''}`,
      );
    }
    if (this.perCpuOffsetAddress === undefined) return 0n;
    let v = this.offsets.get(cpu);
    if (v === undefined) {
      v = await readU64(this.space, this.perCpuOffsetAddress + BigInt(cpu) * 8n);
      this.offsets.set(cpu, v);
    }
    return v;
  }

  /** `per_cpu_ptr(ptr, cpu)`: the address of CPU `cpu`'s instance of a per-CPU variable. */
  async ptr(address: bigint, cpu: number): Promise<bigint> {
    return BigInt.asUintN(64, address + (await this.offset(cpu)));
  }
}
