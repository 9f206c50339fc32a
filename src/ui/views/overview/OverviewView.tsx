// Overview: the panic, the crashing backtrace, the log tail, the system and dump facts,
// and the warnings of the analysis.
import type { OpenedDump } from '../../../workers/analysis-api';
import { FactList } from '../../components/FactList';
import { formatBool, formatBytes, formatCount, formatDumpLevel, formatTime, formatUptime, show } from '../../format/format-values';
import { taskHref } from '../../routing/route';
import { ViewHeading } from '../ViewHeading';
import { LogTail } from './LogTail';
import { PanicBacktrace } from './PanicBacktrace';
import { WarningList } from './WarningList';
import { CrashSignature } from '../../share/CrashSignature';
import { SharedReportNotice } from '../../share/SharedReportNotice';

export function OverviewView({ dump }: { dump: OpenedDump }) {
  const { report, counts } = dump;
  const { dump: container, system, panic, debugInfo, warnings } = report;
  return (
    <section className="view" aria-label="Overview">
      <ViewHeading>Overview</ViewHeading>
      <SharedReportNotice dump={dump} />
      <div className="panel panel-panic">
        <h3>Panic</h3>
        <p className="panic-message" data-testid="panic-message">
          {show(panic?.message)}
        </p>
        <CrashSignature dump={dump} />
        <FactList
          facts={[
            { label: 'CPU', value: show(panic?.cpu) },
            {
              label: 'PID',
              value:
                panic?.pid !== null && panic?.pid !== undefined && counts.tasks !== null ? (
                  <a href={taskHref(panic.pid, panic.cpu)}>{panic.pid}</a>
                ) : (
                  show(panic?.pid)
                ),
            },
            { label: 'Command', value: show(panic?.comm), mono: true },
          ]}
        />
        <PanicBacktrace dump={dump} />
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
              { label: 'Tasks', value: counts.tasks === null ? show(null) : formatCount(counts.tasks) },
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
              { label: 'Files', value: container.files.join(', '), mono: true },
              { label: 'Format', value: show(container.format) },
              { label: 'Compression', value: show(container.compression) },
              { label: 'Producer', value: show(container.producer) },
              { label: 'Page size', value: formatBytes(container.pageSize) },
              { label: 'Dump level', value: formatDumpLevel(container.dumpLevel) },
              { label: 'Excluded pages', value: formatCount(container.excludedPages) },
              { label: 'Debug info', value: show(debugInfo?.source) },
              { label: 'vmlinux matches', value: formatBool(debugInfo?.vmlinuxBuildIdMatch) },
            ]}
          />
        </div>
      </div>
      <LogTail dump={dump} />
      <WarningList warnings={warnings} />
    </section>
  );
}
