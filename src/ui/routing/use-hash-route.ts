// Keeps the store's view in step with the URL hash, both ways: navigation updates the
// store, and setting a view from code updates the hash.
import { useEffect } from 'react';
import { useAppStore } from '../state/store';
import { hashForView, readLocationView, watchLocationView } from './hash-route';
import type { ViewId } from './views';

export function useHashRoute(): void {
  const setView = useAppStore((s) => s.setView);
  useEffect(() => {
    setView(readLocationView());
    return watchLocationView(setView);
  }, [setView]);
}

/** Navigates to a view from code (links do this by themselves). */
export function navigateTo(view: ViewId): void {
  window.location.hash = hashForView(view);
}
