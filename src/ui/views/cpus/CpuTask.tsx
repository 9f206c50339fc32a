// The task a CPU was running: its pid from the CPU's notes, and with the task list, its
// command and a link to it.
import type { ReportCpu } from '../../../analysis/report/report-types';
import { taskHref } from '../../routing/route';
import { useTaskDetail } from '../tasks/use-task-detail';

function Linked({ cpu }: { cpu: ReportCpu }) {
  const detail = useTaskDetail({ pid: cpu.pid, cpu: cpu.cpu });
  return (
    <a href={taskHref(cpu.pid, cpu.cpu)} data-testid="cpu-task">
      pid {cpu.pid}
      {detail ? ` (${detail.task.comm})` : ''}
    </a>
  );
}

export function CpuTask({ cpu, hasTasks }: { cpu: ReportCpu; hasTasks: boolean }) {
  if (!hasTasks) return <span className="muted">pid {cpu.pid}</span>;
  return <Linked cpu={cpu} />;
}
