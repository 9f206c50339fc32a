// Timing and memory sampling for the benchmark.
import { spawnSync } from 'node:child_process';

export interface Sample {
  ms: number;
  peakRssMB: number;
  peakHeapMB: number;
}

/**
 * Runs `fn` while sampling RSS every 5 ms and the heap every 50 ms; returns wall time and
 * peaks. RSS comes from process.memoryUsage.rss(), which costs little: the full
 * memoryUsage() walks the heap and took ~20 ms of a 300 ms run from the code measured.
 */
export async function measure<T>(fn: () => Promise<T>): Promise<Sample & { value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  let tick = 0;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (++tick % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 5);
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t0;
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    return { value, ms, peakRssMB: peakRss / 2 ** 20, peakHeapMB: peakHeap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Wall time of an external command, or null when it is not installed or fails. */
export function timeCommand(
  cmd: string,
  args: string[],
  input?: string,
): { s: number; status: number | null; out: string } | null {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  if (r.error) return null;
  return {
    s: (performance.now() - t0) / 1000,
    status: r.status,
    out: (r.stdout ?? '') + (r.stderr ?? ''),
  };
}

export function ensureDebianPackage(bin: string, pkg: string): boolean {
  const have = () => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
  if (have()) return true;
  process.stderr.write(`bench: installing ${pkg} from Debian for the comparison\n`);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  spawnSync(
    'sh',
    [
      '-c',
      `${sudo}apt-get install -y -qq ${pkg} || (${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq ${pkg})`,
    ],
    {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    },
  );
  return have();
}
