// A view that is not built yet. It says so, and says whether the report holds data for it;
// it never shows made-up data.
import { VIEW_LABELS, type ViewId } from '../routing/views';
import { formatCount } from '../format/format-values';
import { ViewHeading } from './ViewHeading';

export function PlaceholderView({ view, records }: { view: ViewId; records: number | null }) {
  return (
    <section className="view" aria-label={VIEW_LABELS[view]}>
      <ViewHeading>{VIEW_LABELS[view]}</ViewHeading>
      <p className="placeholder" data-testid="view-placeholder">
        {records === null
          ? 'Not available yet for this dump.'
          : `The report holds ${formatCount(records)} entries for this view; showing them is not available yet.`}
      </p>
    </section>
  );
}
