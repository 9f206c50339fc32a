// CPU masks (include/linux/cpumask.h): `struct cpumask { unsigned long bits[BITS_TO_LONGS(NR_CPUS)]; }`
// in the globals __cpu_possible_mask, __cpu_present_mask, __cpu_online_mask (kernel/cpu.c;
// before v4.5 commit 5aec01b83483 they were `cpu_*_bits`). Only the first nr_cpu_ids bits
// matter (kernel/smp.c `unsigned int nr_cpu_ids`), so only those words are read.
import { readU32, readU64 } from '../../memory/address-space';
import { symbolAddress, type KernelObjects } from './kernel-access';

export type CpuMaskName = 'possible' | 'present' | 'online' | 'active';

/** Bound on CPU numbers (include/linux/threads.h: NR_CPUS is at most 8192 on x86_64). */
const MAX_CPUS = 8192;

export async function nrCpuIds(k: KernelObjects): Promise<number | undefined> {
  const at = symbolAddress(k, 'nr_cpu_ids');
  if (at === undefined) return undefined;
  const n = await readU32(k.space, at);
  return n > 0 && n <= MAX_CPUS ? n : undefined;
}

/** The CPUs set in a mask, in order; undefined when the kernel has no such symbol. */
export async function cpumaskCpus(k: KernelObjects, mask: CpuMaskName, limit?: number): Promise<number[] | undefined> {
  const at = symbolAddress(k, `__cpu_${mask}_mask`) ?? symbolAddress(k, `cpu_${mask}_bits`);
  if (at === undefined) return undefined;
  const n = Math.min(limit ?? (await nrCpuIds(k)) ?? 64, MAX_CPUS);
  const out: number[] = [];
  for (let word = 0; word * 64 < n; word++) {
    const bits = await readU64(k.space, at + BigInt(word * 8));
    for (let b = 0; b < 64 && word * 64 + b < n; b++) {
      if ((bits >> BigInt(b)) & 1n) out.push(word * 64 + b);
    }
  }
  return out;
}
