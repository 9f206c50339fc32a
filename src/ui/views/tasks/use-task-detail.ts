// The selected task and its backtrace, asked from the worker when the selection changes.
import { useEffect, useState } from 'react';
import type { TaskDetail } from '../../../workers/analysis-api';
import { ask } from '../../worker/requests';

export interface Selection {
  pid: number;
  cpu: number | null;
}

export function useTaskDetail(selection: Selection | null): TaskDetail | null | undefined {
  const pid = selection?.pid ?? null;
  const cpu = selection?.cpu ?? null;
  const [detail, setDetail] = useState<{ key: string; value: TaskDetail | null } | null>(null);
  const key = `${pid}/${cpu}`;
  useEffect(() => {
    if (pid === null) return;
    let live = true;
    void ask((api) => api.taskDetail(pid, cpu)).then((r) => {
      if (live) setDetail({ key: `${pid}/${cpu}`, value: r.ok ? r.value : null });
    });
    return () => {
      live = false;
    };
  }, [pid, cpu]);
  // undefined: still loading; null: no such task.
  return detail?.key === key ? detail.value : undefined;
}
