// View state: which main view is shown. It mirrors the URL hash (see routing/hash-route.ts);
// with no dump open the start screen shows instead, and the view waits for the next open.
import type { StateCreator } from 'zustand';
import { DEFAULT_VIEW, type ViewId } from '../routing/views';
import type { AppState } from './store';

export interface ViewSlice {
  view: ViewId;
  setView: (view: ViewId) => void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  view: DEFAULT_VIEW,
  setView: (view) => set({ view }),
});
