// Shows the current view of the open dump. The console (monaco) is loaded only when the
// user opens it, so the first load stays small.
import { lazy, Suspense } from 'react';
import type { OpenedDump } from '../../workers/analysis-api';
import type { ViewId } from '../routing/views';
import { track } from '../worker/requests';
import { CpusView } from './cpus/CpusView';
import { IomemView } from './iomem/IomemView';
import { LogView } from './log/LogView';
import { MemoryView } from './memory/MemoryView';
import { OverviewView } from './overview/OverviewView';
import { TasksView } from './tasks/TasksView';

const ConsoleView = lazy(() => track(import('./console/ConsoleView')));

export function ViewOutlet({ view, dump }: { view: ViewId; dump: OpenedDump }) {
  switch (view) {
    case 'overview':
      return <OverviewView dump={dump} />;
    case 'tasks':
      return <TasksView dump={dump} />;
    case 'log':
      return <LogView dump={dump} />;
    case 'memory':
      return <MemoryView dump={dump} />;
    case 'iomem':
      return <IomemView dump={dump} />;
    case 'cpus':
      return <CpusView dump={dump} />;
    case 'console':
      return (
        <Suspense fallback={<p className="muted" data-testid="console-loading">Loading the console…</p>}>
          <ConsoleView />
        </Suspense>
      );
  }
}
