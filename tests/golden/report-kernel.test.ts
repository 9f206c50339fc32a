// The kernel-state sections of the report (system, panic, tasks, log, iomem, per-CPU
// scheduler state) through the analysis session, as the CLI and the web app get them,
// without the vmlinux (every dump) and with it (one dump per boot).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDmesg } from '../../src/analysis/helpers/linux/printk/dmesg-format';
import { formatResources } from '../../src/analysis/helpers/linux/resource';
import type { Report } from '../../src/analysis/report/report-types';
import { allFixtures, vmlinuxPath, type Fixture } from '../support/fixtures';
import { openFixtureSession } from '../support/session';
import { crashPs, dmesgOracle } from './kernel-state-support';

const withVmlinux = new Set(['kdump-zlib', 'qemu-elf']);
const cases = allFixtures().flatMap((f) => [
  [`${f.id} (no vmlinux)`, f, false] as const,
  ...(withVmlinux.has(f.id) && vmlinuxPath() ? [[`${f.id} (vmlinux)`, f, true] as const] : []),
]);

async function reportOf(f: Fixture, vmlinux: boolean): Promise<Report> {
  const session = await openFixtureSession(vmlinux ? [f.path, vmlinuxPath()!] : [f.path]);
  try {
    return await session.report();
  } finally {
    await session.close();
  }
}

describe.each(cases)('report kernel sections of %s', (_name, f, vmlinux) => {
  it('has the system, panic, tasks, log, iomem and CPU sections, without warnings', async () => {
    const r = await reportOf(f, vmlinux);
    // QEMU's kdump header misreads phys_base: a container note, not a kernel-state problem.
    expect(r.warnings.filter((w) => w.code !== 'QEMU_PHYS_BASE')).toEqual([]);
    expect(r.debugInfo?.source).toBe(vmlinux ? 'vmlinux' : 'dump');
    expect(r.system).toMatchObject({
      release: f.manifest.kernel_release,
      nodename: '(none)',
      machine: 'x86_64',
      cpus: f.manifest.guest_cpus,
      memoryBytes: 1 << 30,
      onlineCpus: f.manifest.run === 'run-qemudump' ? [f.manifest.panic_cpu] : [0, 1],
    });
    expect(r.system.uptimeSeconds).toBeGreaterThan(8);
    expect(r.system.crashTime).toMatch(/^2026-11-22T04:4\d:\d\dZ$/);
    expect(r.panic).toMatchObject({
      message: f.manifest.panic_message,
      cpu: f.manifest.panic_cpu,
      pid: f.manifest.panic_pid,
      comm: f.manifest.panic_task_comm,
      task: f.manifest.panic_task_address,
    });

    const ps = crashPs(f)!;
    expect(r.tasks!.map((t) => t.task).sort()).toEqual(ps.map((p) => p.task).sort());
    const log = r.log!.map((x) => ({ timestampNs: BigInt(x.timestampNs), text: x.text }));
    expect(formatDmesg(log).split('\n').slice(0, -1)).toEqual(dmesgOracle(f).lines);
    const iomem = r.iomem!.map((x) => ({ ...x, address: 0n, start: BigInt(x.start), end: BigInt(x.end), flags: 0n, desc: null }));
    expect(formatResources({ end: 0xfffffffffn }, iomem)).toBe(readFileSync(join(f.truthDir, 'iomem.txt'), 'utf8'));

    const panicCpu = r.cpus.find((c) => c.cpu === f.manifest.panic_cpu)!;
    expect(panicCpu).toMatchObject({ currentPid: f.manifest.panic_pid, currentComm: f.manifest.panic_task_comm, online: true });
    expect(r.cpus.every((c) => typeof c.nrRunning === 'number' && c.idleTask)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain JSON data only
  });
});
