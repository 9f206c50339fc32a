// Requests to the analysis worker from the views. Each one counts as pending work while
// it runs, so `app-idle` means the screen shows final data, not "still loading".
import type { Remote } from 'comlink';
import type { AnalysisWorkerApi, SessionError, WorkerResult } from '../../workers/analysis-api';
import { toUiError } from '../format/error-hints';
import { useAppStore } from '../state/store';
import { AnalysisClient, failed } from './analysis-client';

/** The one analysis worker client, created on first use. */
export function analysisClient(): AnalysisClient {
  const state = useAppStore.getState();
  if (state.client) return state.client;
  const created = new AnalysisClient({
    onWorkerError: (e) => useAppStore.getState().patchSession({ error: toUiError(e) }),
  });
  state.patchSession({ client: created });
  return created;
}

/** Counts `p` as pending work until it settles (worker calls, a lazily loaded view). */
export function track<T>(p: Promise<T>): Promise<T> {
  const { patchSession } = useAppStore.getState();
  patchSession({ pending: useAppStore.getState().pending + 1 });
  const done = () => patchSession({ pending: Math.max(0, useAppStore.getState().pending - 1) });
  p.then(done, done);
  return p;
}

/** A worker call answering WorkerResult<T>. */
export function ask<T>(run: (api: Remote<AnalysisWorkerApi>) => Promise<WorkerResult<T>>): Promise<WorkerResult<T>> {
  return track(analysisClient().ask(run, failed<T>));
}

/** A worker call with its own failure answer. */
export function askWith<T>(run: (api: Remote<AnalysisWorkerApi>) => Promise<T>, onFail: (e: SessionError) => T): Promise<T> {
  return track(analysisClient().ask(run, onFail));
}
