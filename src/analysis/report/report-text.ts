// Human-readable rendering of a report, laid out like crash's `sys` and `bt -a` headers.
// Shared by the CLI (`crashlens report`) and the web console (`sys`).
import { backtraceText, panicBacktrace } from '../helpers/linux/stack/format-bt';
import type { Report } from './report-types';

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** The dump and system facts, one "LABEL: value" line each, labels right-aligned as crash does. */
export function systemLines(r: Report): string[] {
  const s = r.system;
  const lines = [
    `      DUMPFILES: ${r.dump.files.join(' ')}`,
    `         FORMAT: ${r.dump.format} (${r.dump.compression}, producer ${r.dump.producer}${r.dump.dumpLevel !== null ? `, dump level ${r.dump.dumpLevel}` : ''})`,
    `      PAGE SIZE: ${r.dump.pageSize}`,
    ` EXCLUDED PAGES: ${r.dump.excludedPages}`,
    `        RELEASE: ${dash(s.release)}`,
    `        VERSION: ${dash(s.version)}`,
    `        MACHINE: ${dash(s.machine)}`,
    `       NODENAME: ${dash(s.nodename)}`,
    `           CPUS: ${dash(s.cpus)}`,
    `         MEMORY: ${s.memoryBytes === null ? '—' : formatBytes(s.memoryBytes)}`,
    `   KASLR OFFSET: ${dash(s.kaslrOffset)}`,
    `      PHYS_BASE: ${dash(s.physBase)}`,
    `       BUILD-ID: ${dash(s.buildId)}`,
    `     CRASH TIME: ${dash(s.crashTime)}`,
  ];
  if (r.tasks) lines.push(`          TASKS: ${r.tasks.length}`);
  if (r.panic) lines.push(`          PANIC: "${dash(r.panic.message)}" (cpu ${dash(r.panic.cpu)}, pid ${dash(r.panic.pid)}, ${dash(r.panic.comm)})`);
  return lines;
}

export function renderReportText(r: Report): string {
  const lines = systemLines(r);
  // The crashing task's backtrace, as crash's `bt` prints it.
  const bt = panicBacktrace(r);
  if (bt) lines.push('', ...backtraceText(r, bt));
  for (const c of r.cpus) {
    lines.push('', `CPU ${c.cpu} (pid ${c.pid}):`);
    const regs = Object.entries(c.registers);
    for (let i = 0; i < regs.length; i += 3) {
      lines.push(
        '    ' +
          regs
            .slice(i, i + 3)
            .map(([k, v]) => `${k.toUpperCase().padStart(8)}: ${v.startsWith('0x') ? v.slice(2).padStart(16, '0') : v}`)
            .join('  '),
      );
    }
  }
  if (r.warnings.length) {
    lines.push('', 'WARNINGS:');
    for (const w of r.warnings) lines.push(`  [${w.code}] ${w.message}`);
  }
  return lines.join('\n') + '\n';
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}
