// The report sections that come from kernel memory (helpers/linux/kernel-state.ts):
// system facts read from the kernel (they replace what the container header guessed),
// panic, tasks, log, iomem, per-CPU scheduler state, and the warnings of each part.
import type { KernelState } from '../helpers/linux/kernel-state';
import { formatCaller, type PrintkRecord } from '../helpers/linux/printk/printk-record';
import { hexString, type Report, type ReportIomem, type ReportLogRecord, type ReportTask } from './report-types';

export function applyKernelState(r: Report, ks: KernelState): void {
  const s = ks.summary;
  if (s.uts) {
    r.system.release = s.uts.release;
    r.system.version = s.uts.version;
    r.system.machine = s.uts.machine;
    r.system.nodename = s.uts.nodename;
  }
  // crash's CPUS: present CPUs, the offline ones counted apart.
  const cpus = s.presentCpus ?? s.possibleCpus;
  if (cpus?.length) r.system.cpus = cpus.length;
  if (s.onlineCpus) r.system.onlineCpus = s.onlineCpus;
  if (s.memoryBytes !== null) r.system.memoryBytes = Number(s.memoryBytes);
  if (s.xtimeSeconds !== null) r.system.crashTime = isoSeconds(s.xtimeSeconds);
  if (s.uptimeSeconds !== null) r.system.uptimeSeconds = s.uptimeSeconds;
  if (s.loadAverage) r.system.loadAverage = s.loadAverage;

  const p = ks.panic;
  r.panic = {
    message: p.message,
    cpu: p.cpu,
    pid: p.pid,
    comm: p.comm,
    line: p.line,
    task: p.task === null ? null : hexString(p.task),
  };
  if (ks.log) r.log = ks.log.records.map(logRecord);
  if (ks.tasks) {
    r.tasks = ks.tasks.tasks.map(
      (t): ReportTask => ({
        pid: t.pid,
        tgid: t.tgid,
        ppid: t.ppid,
        comm: t.comm,
        state: t.state,
        cpu: t.cpu ?? 0,
        task: hexString(t.address),
        onCpu: t.onCpu ?? t.active,
        kthread: t.kthread,
      }),
    );
    const online = new Set(s.onlineCpus ?? []);
    for (const rq of ks.tasks.runqueues) {
      const c = r.cpus.find((x) => x.cpu === rq.cpu);
      const curr = ks.tasks.tasks.find((t) => t.address === rq.curr);
      const sched = {
        online: s.onlineCpus ? online.has(rq.cpu) : undefined,
        currentTask: hexString(rq.curr),
        currentPid: curr?.pid,
        currentComm: curr?.comm,
        idleTask: hexString(rq.idle),
        nrRunning: rq.nrRunning,
      };
      if (c) Object.assign(c, sched);
      else r.cpus.push({ cpu: rq.cpu, pid: curr?.pid ?? 0, registers: {}, ...sched });
    }
    r.cpus.sort((a, b) => a.cpu - b.cpu);
  }
  if (ks.iomem) {
    r.iomem = ks.iomem.resources.map(
      (x): ReportIomem => ({ start: hexString(x.start), end: hexString(x.end), name: x.name ?? '<BAD>', depth: x.depth }),
    );
  }
  for (const w of ks.warnings) r.warnings.push({ code: w.code, message: w.message });
}

function logRecord(x: PrintkRecord): ReportLogRecord {
  return {
    seq: Number(x.seq),
    timestampNs: x.timestampNs.toString(),
    level: x.level,
    facility: x.facility,
    caller: formatCaller(x.callerId),
    text: x.text,
  };
}

function isoSeconds(s: number): string {
  return new Date(s * 1000).toISOString().replace('.000Z', 'Z');
}
