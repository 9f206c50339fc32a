// Report state: the analysis result of the open dump, exactly as the worker sent it.
import type { StateCreator } from 'zustand';
import type { Report } from '../../analysis/report/report-types';
import type { AppState } from './store';

export interface ReportSlice {
  report: Report | null;
  setReport: (report: Report | null) => void;
}

export const createReportSlice: StateCreator<AppState, [], [], ReportSlice> = (set) => ({
  report: null,
  setReport: (report) => set({ report }),
});
