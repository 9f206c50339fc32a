// Session state: the files the user gave, the open's progress, the last error, and the
// handle on the analysis worker, and how many requests to it are in flight. The actions that drive it are in session-actions.ts.
import type { StateCreator } from 'zustand';
import type { Progress } from '../../workers/analysis-api';
import type { AnalysisClient } from '../worker/analysis-client';
import type { AppState } from './store';

/** 'opening': work is pending in the worker; otherwise the app is idle. */
export type SessionStatus = 'idle' | 'opening' | 'ready';

export interface FileInfo {
  name: string;
  size: number;
}

export interface UiError {
  code: string;
  message: string;
  /** What the user can do about it. */
  hint: string;
}

export interface SessionSlice {
  status: SessionStatus;
  files: FileInfo[];
  progress: Progress | null;
  /** The steps of the current open so far, in order (the last one is running). */
  steps: string[];
  /** Worker requests in flight (rows, memory, commands): the app is not idle meanwhile. */
  pending: number;
  error: UiError | null;
  client: AnalysisClient | null;
  patchSession: (patch: Partial<Omit<SessionSlice, 'patchSession'>>) => void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  status: 'idle',
  files: [],
  progress: null,
  steps: [],
  pending: 0,
  error: null,
  client: null,
  patchSession: (patch) => set(patch),
});
