// What crash's `sys` says about the kernel: its name (init_uts_ns), CPUs (present and
// online masks: crash prints "CPUS: <present> [OFFLINE: <present - online>]"), memory as
// crash computes it, uptime, load average, the time of the crash and the task count.
import type { Warning } from '../../errors';
import { cpumaskCpus } from './cpumask';
import type { KernelObjects } from './kernel-access';
import { loadAverage, uptime, xtimeSeconds } from './kernel-time';
import { crashMemoryBytes, nodeMemory } from './memory-size';
import { readUtsname, type UtsName } from './utsname';

export interface SystemSummary {
  uts: UtsName | null;
  possibleCpus: number[] | null;
  presentCpus: number[] | null;
  onlineCpus: number[] | null;
  /** crash's MEMORY in bytes (present pages, rounded up to a GiB within 64 MiB). */
  memoryBytes: bigint | null;
  uptimeSeconds: number | null;
  hz: number | null;
  loadAverage: [number, number, number] | null;
  /** timekeeper.xtime_sec at the last update before the crash (seconds since the epoch). */
  xtimeSeconds: number | null;
}

/** Each fact on its own: one that cannot be read is null, with a warning. */
export async function getSystemSummary(k: KernelObjects, pageSize: number, warnings: Warning[]): Promise<SystemSummary> {
  const attempt = async <T>(what: string, f: () => Promise<T | undefined>): Promise<T | null> => {
    try {
      return (await f()) ?? null;
    } catch (e) {
      warnings.push({ code: 'SYSTEM_FACT_UNREADABLE', message: `${what}: ${e instanceof Error ? e.message : String(e)}` });
      return null;
    }
  };
  const up = await attempt('uptime (jiffies_64, tick_nsec)', () => uptime(k));
  return {
    uts: await attempt('init_uts_ns', () => readUtsname(k)),
    possibleCpus: await attempt('cpu_possible_mask', () => cpumaskCpus(k, 'possible')),
    presentCpus: await attempt('cpu_present_mask', () => cpumaskCpus(k, 'present')),
    onlineCpus: await attempt('cpu_online_mask', () => cpumaskCpus(k, 'online')),
    memoryBytes: await attempt('node memory', async () => {
      const nodes = await nodeMemory(k);
      return nodes.length ? crashMemoryBytes(nodes, pageSize) : undefined;
    }),
    uptimeSeconds: up?.seconds ?? null,
    hz: up?.hz ?? null,
    loadAverage: await attempt('avenrun', () => loadAverage(k)),
    xtimeSeconds: await attempt('timekeeper.xtime_sec', () => xtimeSeconds(k)),
  };
}
