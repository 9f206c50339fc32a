// The main navigation: real links to each view's URL (#/id), so keyboard, middle-click and
// the back button all work. data-testid nav-<id> per the contract.
import { hashForView } from '../routing/route';
import { VIEWS, VIEW_LABELS } from '../routing/views';
import { useAppStore } from '../state/store';

export function NavBar() {
  const current = useAppStore((s) => s.view);
  // A shared report has no memory: the view stays reachable, to say so.
  const noMemory = useAppStore((s) => s.dump?.sharedReport !== undefined);
  return (
    <nav className="nav" aria-label="Views">
      <ul>
        {VIEWS.map((view) => (
          <li key={view}>
            <a
              href={hashForView(view)}
              data-testid={`nav-${view}`}
              aria-current={view === current ? 'page' : undefined}
              className={view === current ? 'nav-link nav-link-current' : 'nav-link'}
              aria-disabled={noMemory && view === 'memory' ? true : undefined}
              title={noMemory && view === 'memory' ? 'A shared report holds no memory' : undefined}
            >
              {VIEW_LABELS[view]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
