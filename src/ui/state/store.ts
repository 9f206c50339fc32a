// The app store: one zustand store made of slices (report, session, view).
import { create } from 'zustand';
import { createReportSlice, type ReportSlice } from './report-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createViewSlice, type ViewSlice } from './view-slice';

export type AppState = ReportSlice & SessionSlice & ViewSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createReportSlice(...a),
  ...createSessionSlice(...a),
  ...createViewSlice(...a),
}));
