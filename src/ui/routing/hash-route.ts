// Hash routing: the view lives in the URL (#/overview, #/cpus…) so a reload or a shared
// link keeps it. The hash is the source of truth; the store mirrors it.
import { DEFAULT_VIEW, isViewId, type ViewId } from './views';

export function hashForView(view: ViewId): string {
  return `#/${view}`;
}

/** The view a hash names, or null when it names none (empty or unknown hash). */
export function viewFromHash(hash: string): ViewId | null {
  const m = /^#\/([a-z]+)\/?$/.exec(hash);
  const id = m?.[1];
  return id !== undefined && isViewId(id) ? id : null;
}

/** Reads the current view from location, normalizing an empty or unknown hash in place. */
export function readLocationView(): ViewId {
  const view = viewFromHash(window.location.hash);
  if (view) return view;
  history.replaceState(null, '', hashForView(DEFAULT_VIEW));
  return DEFAULT_VIEW;
}

/** Calls `onView` whenever the user navigates (link, back/forward, typed URL). */
export function watchLocationView(onView: (view: ViewId) => void): () => void {
  const listener = () => onView(readLocationView());
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}
