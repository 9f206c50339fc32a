// The system summary and the panic of every real dump against crash 8.0.6's `sys` (and the
// manifest's panic facts), with the debug vmlinux and from the dump alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKernelState, type KernelState } from '../../src/analysis/helpers/linux/kernel-state';
import { formatLoadAverage, formatUptime } from '../../src/analysis/helpers/linux/kernel-time';
import { formatMemorySize } from '../../src/analysis/helpers/linux/memory-size';
import { crashBlock, openFixtureProgram, fixtureModeCases } from './kernel-state-support';

const cases = fixtureModeCases();

/** crash's ctime_tz() in UTC: "Sun Nov 22 04:47:07 UTC 2026". */
function crashDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const [wd, , mon, , time] = d.toUTCString().split(' ');
  return `${wd!.slice(0, 3)} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} UTC ${d.getUTCFullYear()}`;
}

describe.each(cases)('summary of %s', (_name, f, mode) => {
  let state: KernelState;
  let close: () => Promise<void>;
  let sys: Map<string, string>;
  beforeAll(async () => {
    const p = await openFixtureProgram(f, mode);
    close = p.close;
    state = await getKernelState(p.program, p.image);
    sys = new Map(
      (crashBlock(f, 'sys') ?? []).map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as const;
      }),
    );
  });
  afterAll(() => close?.());

  it('reads every part without warnings', () => {
    expect(state.warnings).toEqual([]);
  });

  it("equals crash's sys: CPUS, DATE, UPTIME, LOAD AVERAGE, TASKS, names, MEMORY", () => {
    const s = state.summary;
    const present = s.presentCpus!.length;
    const offline = present - s.onlineCpus!.length;
    expect(`${present}${offline ? ` [OFFLINE: ${offline}]` : ''}`).toBe(sys.get('CPUS'));
    expect(crashDate(s.xtimeSeconds!)).toBe(sys.get('DATE'));
    expect(formatUptime(s.uptimeSeconds!)).toBe(sys.get('UPTIME'));
    expect(formatLoadAverage(s.loadAverage!)).toBe(sys.get('LOAD AVERAGE'));
    expect(String(state.tasks!.tasks.length)).toBe(sys.get('TASKS'));
    expect(s.uts!.nodename).toBe(sys.get('NODENAME'));
    expect(s.uts!.release).toBe(sys.get('RELEASE'));
    expect(s.uts!.version).toBe(sys.get('VERSION'));
    expect(sys.get('MACHINE')!.startsWith(`${s.uts!.machine} `)).toBe(true);
    expect(formatMemorySize(s.memoryBytes!)).toBe(sys.get('MEMORY'));
    expect(s.memoryBytes).toBe(1n << 30n);
  });

  it("derives the panic as crash's PANIC line, with CPU, pid and comm", () => {
    expect(`"${state.panic.line}"`).toBe(sys.get('PANIC'));
    expect(state.panic).toMatchObject({
      message: f.manifest.panic_message,
      cpu: f.manifest.panic_cpu,
      pid: f.manifest.panic_pid,
      comm: f.manifest.panic_task_comm,
    });
    expect(`0x${state.panic.task!.toString(16)}`).toBe(f.manifest.panic_task_address);
  });
});
