// Shows the current view of the open dump.
import type { Report } from '../../analysis/report/report-types';
import type { ViewId } from '../routing/views';
import { CpusView } from './CpusView';
import { OverviewView } from './OverviewView';
import { PlaceholderView } from './PlaceholderView';

function recordsFor(view: ViewId, report: Report): number | null {
  switch (view) {
    case 'tasks':
      return report.tasks?.length ?? null;
    case 'log':
      return report.log?.length ?? null;
    case 'iomem':
      return report.iomem?.length ?? null;
    default:
      return null;
  }
}

export function ViewOutlet({ view, report }: { view: ViewId; report: Report }) {
  switch (view) {
    case 'overview':
      return <OverviewView report={report} />;
    case 'cpus':
      return <CpusView report={report} />;
    default:
      return <PlaceholderView key={view} view={view} records={recordsFor(view, report)} />;
  }
}
