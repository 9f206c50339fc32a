// The selected task: its facts, a link to its task_struct in the memory view, and its
// backtrace (frame by frame, each address a link into memory).
import type { Ref } from 'react';
import type { TaskDetail } from '../../../workers/analysis-api';
import { FactList } from '../../components/FactList';
import { BacktraceFrames } from '../backtrace/BacktraceFrames';
import { AddressLink } from '../backtrace/AddressLink';
import { NotAvailable } from '../NotAvailable';
import { stateName } from './task-states';

export function TaskDetailPanel({
  ref,
  selection,
  detail,
  hasBacktraces,
}: {
  ref: Ref<HTMLElement>;
  selection: { pid: number; cpu: number | null; frame: number | null };
  detail: TaskDetail | null | undefined;
  hasBacktraces: boolean;
}) {
  const title = detail ? `${detail.task.comm} (pid ${detail.task.pid})` : `pid ${selection.pid}`;
  return (
    <section className="panel task-detail" aria-labelledby="task-detail-title" tabIndex={-1} ref={ref} data-testid="task-detail">
      <h3 id="task-detail-title">{title}</h3>
      {detail === undefined && <p className="muted">Loading…</p>}
      {detail === null && <p className="placeholder">No task with pid {selection.pid} in this dump.</p>}
      {detail && (
        <>
          <FactList
            facts={[
              { label: 'State', value: `${detail.task.state} (${stateName(detail.task.state)})` },
              { label: 'PID / TGID / PPID', value: `${detail.task.pid} / ${detail.task.tgid} / ${detail.task.ppid}`, mono: true },
              { label: 'CPU', value: `${detail.task.cpu}${detail.task.onCpu ? ' (running)' : ''}` },
              { label: 'task_struct', value: <AddressLink address={detail.task.task} struct="task_struct" /> },
            ]}
          />
          <h4>Backtrace</h4>
          {detail.backtrace ? (
            <BacktraceFrames backtrace={detail.backtrace} selected={selection.frame} />
          ) : (
            <NotAvailable what={hasBacktraces ? 'A backtrace of this task is' : 'Backtraces are'}>
              <AddressLink address={detail.task.task} struct="task_struct" label="Open its task_struct in the memory view" />
            </NotAvailable>
          )}
        </>
      )}
    </section>
  );
}
