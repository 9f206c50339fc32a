// View state: the route (view and what it shows), mirrored from the URL hash (see
// routing/use-hash-route.ts). With no dump open the start screen shows instead, and the
// route waits for the next open.
import type { StateCreator } from 'zustand';
import { DEFAULT_ROUTE, type Route } from '../routing/route';
import type { ViewId } from '../routing/views';
import type { TaskQuery } from '../../workers/analysis-api';
import type { AppState } from './store';

export interface ViewSlice {
  route: Route;
  /** route.view, kept apart so that components re-render only when the view changes. */
  view: ViewId;
  setRoute: (route: Route) => void;
  /** The task table's filter and order, kept while the user visits other views. */
  taskQuery: TaskQuery;
  setTaskQuery: (patch: Partial<TaskQuery>) => void;
}

export const DEFAULT_TASK_QUERY: TaskQuery = { text: '', states: [], sort: 'pid', descending: false };

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  route: DEFAULT_ROUTE,
  view: DEFAULT_ROUTE.view,
  setRoute: (route) => set({ route, view: route.view }),
  taskQuery: DEFAULT_TASK_QUERY,
  setTaskQuery: (patch) => set((s) => ({ taskQuery: { ...s.taskQuery, ...patch } })),
});
