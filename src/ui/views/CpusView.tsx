// CPUs: each CPU's saved registers (from NT_PRSTATUS or QEMU notes) in a monospace grid,
// in the architecture's pt_regs order, with the code/stack/frame pointers called out.
import type { Report, ReportCpu } from '../../analysis/report/report-types';
import { padHex, show } from '../format/format-values';
import { KEY_REGISTERS, orderRegisters, registerWidth } from '../format/register-order';
import { ViewHeading } from './ViewHeading';

function CpuCard({ cpu, panicCpu }: { cpu: ReportCpu; panicCpu: boolean }) {
  const width = registerWidth(cpu.registers);
  const keys = KEY_REGISTERS.filter((n) => n in cpu.registers);
  return (
    <article className="panel cpu-card" data-testid="cpu-card" data-cpu={cpu.cpu} aria-labelledby={`cpu-${cpu.cpu}`}>
      <header className="cpu-header">
        <h3 id={`cpu-${cpu.cpu}`}>CPU {cpu.cpu}</h3>
        <span className="muted">pid {show(cpu.pid)}</span>
        {panicCpu && <span className="badge">panic CPU</span>}
        <span className="cpu-keys mono">
          {keys.map((n) => `${n} ${cpu.registers[n]}`).join('  ')}
        </span>
      </header>
      <dl className="reg-grid mono">
        {orderRegisters(cpu.registers).map(([name, value]) => (
          <div className="reg" key={name} data-testid="cpu-register" data-name={name}>
            <dt>{name}</dt>
            <dd>{padHex(value, width)}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

export function CpusView({ report }: { report: Report }) {
  return (
    <section className="view" aria-label="CPUs">
      <ViewHeading>CPUs ({report.cpus.length})</ViewHeading>
      {report.cpus.length === 0 ? (
        <p className="placeholder">This dump holds no saved CPU registers.</p>
      ) : (
        report.cpus.map((cpu) => <CpuCard key={cpu.cpu} cpu={cpu} panicCpu={report.panic?.cpu === cpu.cpu} />)
      )}
    </section>
  );
}
