// Keeps the store's route in step with the URL hash, both ways: navigation (links,
// back/forward, a typed URL) updates the store; code navigates with navigate() (a new
// history entry) or replaceRoute() (the same entry: typing in a filter box).
import { useEffect } from 'react';
import { useAppStore } from '../state/store';
import { DEFAULT_ROUTE, formatRoute, parseRoute, type Route } from './route';

/** Reads the route from location, normalizing an empty or unknown hash in place. */
function readLocationRoute(): Route {
  const route = parseRoute(window.location.hash);
  if (route) return route;
  history.replaceState(null, '', formatRoute(DEFAULT_ROUTE));
  return DEFAULT_ROUTE;
}

export function useHashRoute(): void {
  const setRoute = useAppStore((s) => s.setRoute);
  useEffect(() => {
    setRoute(readLocationRoute());
    const listener = () => setRoute(readLocationRoute());
    window.addEventListener('hashchange', listener);
    return () => window.removeEventListener('hashchange', listener);
  }, [setRoute]);
}

export function navigate(route: Route | string): void {
  window.location.hash = typeof route === 'string' ? route : formatRoute(route);
}

export function replaceRoute(route: Route): void {
  const hash = formatRoute(route);
  if (hash === window.location.hash) return;
  history.replaceState(null, '', hash);
  useAppStore.getState().setRoute(route);
}
