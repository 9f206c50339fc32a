// Report state: what the UI holds of the open dump — the report without its large
// sections, row counts and digests (workers/analysis-api.ts OpenedDump). Task and log
// rows stay in the worker and are asked for as they scroll into view.
import type { StateCreator } from 'zustand';
import type { OpenedDump } from '../../workers/analysis-api';
import type { AppState } from './store';

export interface ReportSlice {
  dump: OpenedDump | null;
  setDump: (dump: OpenedDump | null) => void;
}

export const createReportSlice: StateCreator<AppState, [], [], ReportSlice> = (set) => ({
  dump: null,
  setDump: (dump) => set({ dump }),
});
