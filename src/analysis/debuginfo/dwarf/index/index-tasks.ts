// The worker side of the parallel index: a session per build, holding the small sections
// and the part built so far. Runs in any worker (or in-thread); pure apart from the
// session map of this module.
import type { TaskHandler, TaskTable } from '../parallel/runner';
import type { SmallSections } from '../unit-bases';
import { IndexPartBuilder, partTransferables } from './index-part';
import { newScanState, scanUnits, type ScanState } from './scan-unit';

export interface BeginInput {
  session: string;
  small: SmallSections;
}

export interface ChunkInput {
  session: string;
  /** Whole units; bytes[0] is at section offset `start` (moved past .debug_info for .debug_types). */
  bytes: Uint8Array;
  start: number;
  fileOffset: number;
  typesSection: boolean;
}

export interface EndInput {
  session: string;
}

const sessions = new Map<string, ScanState>();

function session(id: string): ScanState {
  const st = sessions.get(id);
  if (!st) throw new Error(`no DWARF index session ${id}`);
  return st;
}

const begin: TaskHandler = (input) => {
  const { session: id, small } = input as BeginInput;
  sessions.set(id, newScanState(small, new IndexPartBuilder()));
  return { output: null };
};

const chunk: TaskHandler = (input) => {
  const c = input as ChunkInput;
  scanUnits(session(c.session), c.bytes, c.start, c.fileOffset, c.typesSection);
  return { output: null };
};

const end: TaskHandler = (input) => {
  const { session: id } = input as EndInput;
  const st = sessions.get(id);
  sessions.delete(id);
  if (!st) throw new Error(`no DWARF index session ${id}`);
  const part = st.builder.finish();
  return { output: part, transfer: partTransferables(part) };
};

/** Drops a session after a failed build. */
const abort: TaskHandler = (input) => {
  sessions.delete((input as EndInput).session);
  return { output: null };
};

export const DWARF_TASKS: TaskTable = {
  'dwarf.index.begin': begin,
  'dwarf.index.chunk': chunk,
  'dwarf.index.end': end,
  'dwarf.index.abort': abort,
};
