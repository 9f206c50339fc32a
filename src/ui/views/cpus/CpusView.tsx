// CPUs: each CPU's saved registers (from NT_PRSTATUS or QEMU notes) in a monospace grid,
// in the architecture's pt_regs order, with the code/stack/frame pointers called out, and
// the task that was running on it. Kernel addresses link into the memory view.
import type { ReportCpu } from '../../../analysis/report/report-types';
import type { OpenedDump } from '../../../workers/analysis-api';
import { padHex } from '../../format/format-values';
import { KEY_REGISTERS, orderRegisters, registerWidth } from '../../format/register-order';
import { AddressLink } from '../backtrace/AddressLink';
import { looksLikeKernelAddress } from '../backtrace/FrameRegisters';
import { ViewHeading } from '../ViewHeading';
import { CpuTask } from './CpuTask';

function CpuCard({ cpu, panicCpu, hasTasks }: { cpu: ReportCpu; panicCpu: boolean; hasTasks: boolean }) {
  const width = registerWidth(cpu.registers);
  const keys = KEY_REGISTERS.filter((n) => n in cpu.registers);
  return (
    <article className="panel cpu-card" data-testid="cpu-card" data-cpu={cpu.cpu} aria-labelledby={`cpu-${cpu.cpu}`}>
      <header className="cpu-header">
        <h3 id={`cpu-${cpu.cpu}`}>CPU {cpu.cpu}</h3>
        <CpuTask cpu={cpu} hasTasks={hasTasks} />
        {panicCpu && <span className="badge">panic CPU</span>}
        <span className="cpu-keys mono">{keys.map((n) => `${n} ${cpu.registers[n]}`).join('  ')}</span>
      </header>
      <dl className="reg-grid mono">
        {orderRegisters(cpu.registers).map(([name, value]) => (
          <div className="reg" key={name} data-testid="cpu-register" data-name={name}>
            <dt>{name}</dt>
            <dd>
              {looksLikeKernelAddress(value) ? (
                <AddressLink address={value} label={padHex(value, width)} />
              ) : (
                padHex(value, width)
              )}
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

export function CpusView({ dump }: { dump: OpenedDump }) {
  const { report } = dump;
  return (
    <section className="view" aria-label="CPUs">
      <ViewHeading>CPUs ({report.cpus.length})</ViewHeading>
      {report.cpus.length === 0 ? (
        <p className="placeholder">This dump holds no saved CPU registers.</p>
      ) : (
        report.cpus.map((cpu) => (
          <CpuCard key={cpu.cpu} cpu={cpu} panicCpu={report.panic?.cpu === cpu.cpu} hasTasks={dump.counts.tasks !== null} />
        ))
      )}
    </section>
  );
}
