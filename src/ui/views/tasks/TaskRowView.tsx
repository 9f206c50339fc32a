// One row of the task table (data-testid task-row, data-pid), or a placeholder while its
// block is on its way from the worker.
import type { TaskRow } from '../../../workers/analysis-api';
import { taskHref } from '../../routing/route';
import { stateColor, stateName } from './task-states';

export function TaskRowView({
  index,
  row,
  top,
  active,
  selected,
  onClick,
}: {
  index: number;
  row: TaskRow | undefined;
  top: number;
  active: boolean;
  selected: boolean;
  onClick: (row: TaskRow) => void;
}) {
  const style = { transform: `translateY(${top}px)` };
  if (!row) {
    return (
      <div className="task-row task-row-loading" role="row" aria-rowindex={index + 2} id={`task-row-${index}`} style={style}>
        <div role="gridcell" className="cell muted">…</div>
      </div>
    );
  }
  const classes = ['task-row', active ? 'row-active' : '', selected ? 'row-selected' : ''].filter(Boolean).join(' ');
  return (
    <div
      className={classes}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      id={`task-row-${index}`}
      data-testid="task-row"
      data-pid={row.pid}
      style={style}
      onClick={() => onClick(row)}
    >
      <div role="gridcell" className="cell cell-pid mono">
        {row.onCpu && <span title="running on a CPU" aria-label="running on a CPU">&gt;</span>}
        <a href={taskHref(row.pid, row.cpu)} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
          {row.pid}
        </a>
      </div>
      <div role="gridcell" className="cell cell-ppid mono">{row.ppid}</div>
      <div role="gridcell" className="cell cell-cpu mono">{row.cpu}</div>
      <div role="gridcell" className="cell cell-state" title={stateName(row.state)}>
        <span className="state-dot" style={{ background: stateColor(row.state) }} aria-hidden="true" />
        {row.state}
      </div>
      <div role="gridcell" className="cell cell-comm mono">{row.comm}</div>
      <div role="gridcell" className="cell cell-task mono">{row.task}</div>
    </div>
  );
}
