// Overview: the dump's facts (container, system, panic) and the warnings of the analysis.
import type { Report } from '../../analysis/report/report-types';
import { FactList } from '../components/FactList';
import {
  formatBool,
  formatBytes,
  formatCount,
  formatDumpLevel,
  formatTime,
  formatUptime,
  show,
} from '../format/format-values';
import { ViewHeading } from './ViewHeading';

export function OverviewView({ report }: { report: Report }) {
  const { dump, system, panic, debugInfo, warnings } = report;
  return (
    <section className="view" aria-label="Overview">
      <ViewHeading>Overview</ViewHeading>
      <div className="panel panel-panic">
        <h3>Panic</h3>
        <p className="panic-message" data-testid="panic-message">
          {show(panic?.message)}
        </p>
        <FactList
          facts={[
            { label: 'CPU', value: show(panic?.cpu) },
            { label: 'PID', value: show(panic?.pid) },
            { label: 'Command', value: show(panic?.comm), mono: true },
          ]}
        />
      </div>
      <div className="panel-grid">
        <div className="panel">
          <h3>System</h3>
          <FactList
            facts={[
              { label: 'Release', value: show(system.release), testId: 'system-release', mono: true },
              { label: 'Version', value: show(system.version), mono: true },
              { label: 'Machine', value: show(system.machine) },
              { label: 'Node name', value: show(system.nodename), mono: true },
              { label: 'CPUs', value: show(system.cpus) },
              { label: 'Memory', value: formatBytes(system.memoryBytes) },
              { label: 'KASLR offset', value: show(system.kaslrOffset), mono: true },
              { label: 'phys_base', value: show(system.physBase), mono: true },
              { label: 'Build ID', value: show(system.buildId), mono: true },
              { label: 'Crash time', value: formatTime(system.crashTime) },
              { label: 'Uptime', value: formatUptime(system.uptimeSeconds) },
            ]}
          />
        </div>
        <div className="panel">
          <h3>Dump</h3>
          <FactList
            facts={[
              { label: 'Files', value: dump.files.join(', '), mono: true },
              { label: 'Format', value: show(dump.format) },
              { label: 'Compression', value: show(dump.compression) },
              { label: 'Producer', value: show(dump.producer) },
              { label: 'Page size', value: formatBytes(dump.pageSize) },
              { label: 'Dump level', value: formatDumpLevel(dump.dumpLevel) },
              { label: 'Excluded pages', value: formatCount(dump.excludedPages) },
              { label: 'Debug info', value: show(debugInfo?.source) },
              { label: 'vmlinux matches', value: formatBool(debugInfo?.vmlinuxBuildIdMatch) },
            ]}
          />
        </div>
      </div>
      <div className="panel">
        <h3>Warnings ({warnings.length})</h3>
        {warnings.length === 0 ? (
          <p className="muted">No warnings: the analysis reported no problems.</p>
        ) : (
          <ul className="warnings">
            {warnings.map((w, i) => (
              <li key={i} data-code={w.code}>
                <code>{w.code}</code> {w.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
