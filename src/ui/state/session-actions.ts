// The actions that drive the analysis worker: open files or the sample, cancel, close.
// Each open has a generation number so that a late answer from an abandoned open
// (cancelled, or replaced by a newer one) never overwrites the current state.
import type { OpenedDump, Progress, WorkerResult } from '../../workers/analysis-api';
import { toUiError } from '../format/error-hints';
import { analysisClient } from '../worker/requests';
import type { FileInfo } from './session-slice';
import { useAppStore } from './store';

/** The built-in sample, served from public/sample. */
export const SAMPLE_NAME = 'vmcore.kdump-zstd';
const SAMPLE_PATH = `sample/${SAMPLE_NAME}`;

let generation = 0;

/** Switches to the busy state synchronously (so app-idle disappears at once). */
function begin(files: FileInfo[]): number {
  generation += 1;
  const { patchSession, setDump } = useAppStore.getState();
  setDump(null);
  patchSession({ status: 'opening', files, error: null, steps: ['starting'], progress: { step: 'starting', done: 0, total: 1 } });
  return generation;
}

function progressFor(gen: number): (p: Progress) => void {
  return (p) => {
    if (gen !== generation) return;
    const { steps, patchSession } = useAppStore.getState();
    patchSession({ progress: p, steps: steps[steps.length - 1] === p.step ? steps : [...steps, p.step] });
  };
}

async function finish(gen: number, pending: Promise<WorkerResult<OpenedDump>>): Promise<void> {
  const result = await pending;
  if (gen !== generation) return;
  const { patchSession, setDump } = useAppStore.getState();
  if (result.ok) {
    setDump(result.value);
    patchSession({ status: 'ready', progress: null });
  } else {
    const cancelled = result.error.code === 'CANCELLED';
    patchSession({ status: 'idle', progress: null, files: [], error: cancelled ? null : toUiError(result.error) });
  }
}

export function openFiles(files: File[]): void {
  if (files.length === 0) return;
  const gen = begin(files.map((f) => ({ name: f.name, size: f.size })));
  void finish(gen, analysisClient().open(files, progressFor(gen)));
}

export function openSample(): void {
  const gen = begin([{ name: SAMPLE_NAME, size: 0 }]);
  const url = new URL(SAMPLE_PATH, document.baseURI).href;
  void finish(gen, analysisClient().openUrl(url, SAMPLE_NAME, progressFor(gen)));
}

export function cancelOpen(): void {
  const { status, progress, patchSession } = useAppStore.getState();
  if (status !== 'opening') return;
  patchSession({ progress: { step: 'cancelling', done: progress?.done ?? 0, total: progress?.total ?? 1 } });
  analysisClient().cancel();
}

/** Closes the open dump and returns to the start screen. */
export function closeDump(): void {
  generation += 1;
  const { patchSession, setDump, status, client: current } = useAppStore.getState();
  if (status === 'opening') current?.cancel();
  current?.closeDump();
  setDump(null);
  patchSession({ status: 'idle', files: [], progress: null, error: null });
}

export function dismissError(): void {
  useAppStore.getState().patchSession({ error: null });
}
