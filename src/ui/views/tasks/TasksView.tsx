// Tasks: the state chart, the filter, the virtualized table, and the selected task with
// its backtrace. The selection lives in the URL (#/tasks/<pid>[/frames/<n>]).
import { useCallback, useRef, useState } from 'react';
import type { OpenedDump, TaskRow, TaskSortKey } from '../../../workers/analysis-api';
import { formatCount } from '../../format/format-values';
import { taskHref, taskSelection } from '../../routing/route';
import { navigate, replaceRoute } from '../../routing/use-hash-route';
import { parseRoute } from '../../routing/route';
import { useAppStore } from '../../state/store';
import { NotAvailable } from '../NotAvailable';
import { ViewHeading } from '../ViewHeading';
import { TaskDetailPanel } from './TaskDetailPanel';
import { TaskFilter } from './TaskFilter';
import { TaskStateChart } from './TaskStateChart';
import { TaskTable } from './TaskTable';
import { useTaskDetail } from './use-task-detail';

export function TasksView({ dump }: { dump: OpenedDump }) {
  const query = useAppStore((s) => s.taskQuery);
  const setQuery = useAppStore((s) => s.setTaskQuery);
  const route = useAppStore((s) => s.route);
  const selection = taskSelection(route);
  const detail = useTaskDetail(selection);
  const [shown, setShown] = useState<number | null>(null);
  const detailRef = useRef<HTMLElement>(null);

  const onSort = useCallback(
    (key: TaskSortKey) => setQuery({ sort: key, descending: query.sort === key ? !query.descending : false }),
    [query, setQuery],
  );
  const onSelect = useCallback((row: TaskRow, replace: boolean) => {
    const href = taskHref(row.pid, row.cpu);
    const next = parseRoute(href);
    if (replace && next) replaceRoute(next);
    else navigate(href);
  }, []);
  const toggleState = (state: string) =>
    setQuery({ states: query.states.includes(state) ? query.states.filter((s) => s !== state) : [...query.states, state] });

  if (dump.counts.tasks === null) {
    return (
      <section className="view" aria-label="Tasks">
        <ViewHeading>Tasks</ViewHeading>
        <NotAvailable what="The task list is" />
      </section>
    );
  }
  return (
    <section className="view" aria-label="Tasks">
      <ViewHeading>Tasks ({formatCount(dump.counts.tasks)})</ViewHeading>
      <div className="tasks-top">
        {dump.taskStates && <TaskStateChart states={dump.taskStates} selected={query.states} onToggle={toggleState} />}
        <TaskFilter value={query.text} onChange={(text) => setQuery({ text })} shown={shown} total={dump.counts.tasks} />
      </div>
      <div className="tasks-split">
        <TaskTable
          query={query}
          selectedKey={detail?.task.key ?? null}
          onSort={onSort}
          onSelect={onSelect}
          onOpen={() => detailRef.current?.focus()}
          onTotal={setShown}
        />
        {selection && (
          <TaskDetailPanel ref={detailRef} selection={selection} detail={detail} hasBacktraces={dump.counts.backtraces !== null} />
        )}
      </div>
    </section>
  );
}
