// Time facts of a dump:
//  - uptime from jiffies_64 (kernel/time/timer.c), which starts at INITIAL_JIFFIES =
//    (unsigned long)(unsigned int)(-300 * HZ) (include/linux/jiffies.h) to catch wrap bugs;
//    HZ is a build constant, recovered from tick_nsec = NSEC_PER_SEC / HZ (kernel/time/ntp.c,
//    off by at most NTP's ±500 ppm);
//  - wall time of the last timekeeping update, timekeeper.xtime_sec (tk_core, or the
//    plain shadow_timekeeper copy; kernel/time/timekeeping.c), as crash's DATE shows it;
//  - load averages, avenrun[3] in FSHIFT = 11 fixed point (include/linux/sched/loadavg.h).
import { offsetOf } from '../../debuginfo/type-queries';
import { readU64 } from '../../memory/address-space';
import { symbolAddress, type KernelObjects } from './kernel-access';
import { StructLayouts } from './struct-layout';

const NSEC_PER_SEC = 1_000_000_000;
const FSHIFT = 11n;
const FIXED_1 = 1n << FSHIFT;

export async function kernelHz(k: KernelObjects): Promise<number | undefined> {
  const tick = symbolAddress(k, 'tick_nsec');
  if (tick === undefined) return undefined;
  const ns = Number(await readU64(k.space, tick));
  const hz = Math.round(NSEC_PER_SEC / ns);
  return ns > 0 && hz >= 24 && hz <= 10_000 ? hz : undefined;
}

export interface Uptime {
  jiffies: bigint;
  hz: number;
  seconds: number;
}

export async function uptime(k: KernelObjects): Promise<Uptime | undefined> {
  const at = symbolAddress(k, 'jiffies_64');
  const hz = await kernelHz(k);
  if (at === undefined || hz === undefined) return undefined;
  const jiffies = await readU64(k.space, at);
  const initial = BigInt.asUintN(32, BigInt(-300 * hz));
  const elapsed = BigInt.asUintN(64, jiffies - initial);
  return { jiffies, hz, seconds: Number(elapsed) / hz };
}

/** crash's UPTIME: "HH:MM:SS", with "N days, " in front after a day. */
export function formatUptime(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((x) => String(x).padStart(2, '0'))
    .join(':');
  return days ? `${days} day${days > 1 ? 's' : ''}, ${hms}` : hms;
}

/** timekeeper.xtime_sec: seconds since the epoch at the last timekeeping update. */
export async function xtimeSeconds(k: KernelObjects): Promise<number | undefined> {
  const l = new StructLayouts(k.vmcoreinfo, k.types);
  const xtime = l.tryOffset('timekeeper', 'xtime_sec');
  if (xtime === undefined) return undefined;
  // tk_core is an anonymous struct { seqcount; struct timekeeper timekeeper; }: its type
  // comes only from DWARF. shadow_timekeeper holds the same values after each update.
  const tkCore = symbolAddress(k, 'tk_core');
  const coreType = k.types?.findVariableType('tk_core');
  let at: bigint | undefined;
  if (tkCore !== undefined && coreType) {
    at = tkCore + BigInt(offsetOf(coreType, 'timekeeper'));
  } else {
    at = symbolAddress(k, 'shadow_timekeeper');
  }
  if (at === undefined) return undefined;
  return Number(await readU64(k.space, at + BigInt(xtime)));
}

/** avenrun[] as crash and /proc/loadavg print them: rounded by FIXED_1/200, then LOAD_INT + LOAD_FRAC / 100. */
export async function loadAverage(k: KernelObjects): Promise<[number, number, number] | undefined> {
  const at = symbolAddress(k, 'avenrun');
  if (at === undefined) return undefined;
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    const x = (await readU64(k.space, at + BigInt(i * 8))) + FIXED_1 / 200n;
    const int = x >> FSHIFT;
    const frac = ((x & (FIXED_1 - 1n)) * 100n) >> FSHIFT;
    out.push(Number(int) + Number(frac) / 100);
  }
  return out as [number, number, number];
}

export function formatLoadAverage(avg: readonly number[]): string {
  return avg.map((x) => x.toFixed(2)).join(', ');
}
