// The actions that drive the analysis worker: open files or the sample, cancel, close.
// Each open has a generation number so that a late answer from an abandoned open
// (cancelled, or replaced by a newer one) never overwrites the current state.
import type { Report } from '../../analysis/report/report-types';
import type { Progress, WorkerResult } from '../../workers/analysis-api';
import { toUiError } from '../format/error-hints';
import { AnalysisClient } from '../worker/analysis-client';
import type { FileInfo } from './session-slice';
import { useAppStore } from './store';

/** The built-in sample, served from public/sample. */
export const SAMPLE_NAME = 'vmcore.kdump-zstd';
const SAMPLE_PATH = `sample/${SAMPLE_NAME}`;

let generation = 0;

function client(): AnalysisClient {
  const state = useAppStore.getState();
  if (state.client) return state.client;
  const created = new AnalysisClient({
    onWorkerError: (e) => useAppStore.getState().patchSession({ error: toUiError(e) }),
  });
  state.patchSession({ client: created });
  return created;
}

/** Switches to the busy state synchronously (so app-idle disappears at once). */
function begin(files: FileInfo[]): number {
  generation += 1;
  const { patchSession, setReport } = useAppStore.getState();
  setReport(null);
  patchSession({ status: 'opening', files, error: null, progress: { step: 'starting', done: 0, total: 1 } });
  return generation;
}

function progressFor(gen: number): (p: Progress) => void {
  return (p) => {
    if (gen === generation) useAppStore.getState().patchSession({ progress: p });
  };
}

async function finish(gen: number, pending: Promise<WorkerResult<Report>>): Promise<void> {
  const result = await pending;
  if (gen !== generation) return;
  const { patchSession, setReport } = useAppStore.getState();
  if (result.ok) {
    setReport(result.value);
    patchSession({ status: 'ready', progress: null });
  } else {
    const cancelled = result.error.code === 'CANCELLED';
    patchSession({ status: 'idle', progress: null, files: [], error: cancelled ? null : toUiError(result.error) });
  }
}

export function openFiles(files: File[]): void {
  if (files.length === 0) return;
  const gen = begin(files.map((f) => ({ name: f.name, size: f.size })));
  void finish(gen, client().open(files, progressFor(gen)));
}

export function openSample(): void {
  const gen = begin([{ name: SAMPLE_NAME, size: 0 }]);
  const url = new URL(SAMPLE_PATH, document.baseURI).href;
  void finish(gen, client().openUrl(url, SAMPLE_NAME, progressFor(gen)));
}

export function cancelOpen(): void {
  const { status, progress, patchSession } = useAppStore.getState();
  if (status !== 'opening') return;
  patchSession({ progress: { step: 'cancelling', done: progress?.done ?? 0, total: progress?.total ?? 1 } });
  client().cancel();
}

/** Closes the open dump and returns to the start screen. */
export function closeDump(): void {
  generation += 1;
  const { patchSession, setReport, status, client: current } = useAppStore.getState();
  if (status === 'opening') current?.cancel();
  current?.closeDump();
  setReport(null);
  patchSession({ status: 'idle', files: [], progress: null, error: null });
}

export function dismissError(): void {
  useAppStore.getState().patchSession({ error: null });
}
