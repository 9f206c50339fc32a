// Opening a permalink: a "#report=…" fragment holds a compressed report. It is read before
// the app's router takes the hash over, the hash becomes the overview's, and the report
// opens like a dropped .crashlens.json file (the worker tells it by its bytes).
import { decodePermalink, isPermalink } from '../../analysis/report/permalink';
import { toUiError } from '../format/error-hints';
import { openFiles } from '../state/session-actions';
import { useAppStore } from '../state/store';
import { CrashlensError } from '../../analysis/errors';

export const PERMALINK_FILE_NAME = 'shared-link.crashlens.json';

export function openPermalinkFromLocation(): void {
  const hash = location.hash;
  if (!isPermalink(hash)) return;
  history.replaceState(null, '', '#/overview');
  try {
    const json = decodePermalink(hash);
    openFiles([new File([json], PERMALINK_FILE_NAME, { type: 'application/json' })]);
  } catch (e) {
    const error =
      e instanceof CrashlensError
        ? { code: e.code, message: e.message }
        : { code: 'REPORT', message: String(e) };
    useAppStore.getState().patchSession({ error: toUiError(error) });
  }
}
