// The worker side of the parallel index: a session per build. Each worker reads its
// unit-aligned chunks of .debug_info itself, through its own SyncReader on the same file
// (no bytes cross the thread boundary on the way in), and returns one IndexPart.
import type { TaskHandler, TaskTable } from '../parallel/runner';
import type { DwarfSections } from '../sections';
import { readSyncExact, readSyncInto, type SyncReader } from '../sync-reader';
import type { SmallSections } from '../unit-bases';
import { unitsTile } from './chunk-cuts';
import { IndexPartBuilder, partTransferables } from './index-part';
import { newScanState, scanUnits, type ScanState } from './scan-unit';
import { WasmScan, wasmScanAvailable } from './wasm-scan';
import { drainPart, newDrainMarks, scanUnitsWasm, type DrainMarks } from './wasm-scan-units';

export interface BeginInput {
  session: string;
  /** .debug_line_str, .debug_str_offsets and .debug_addr when present (small). */
  small: SmallSections;
  sections: DwarfSections;
  /**
   * The file: the caller's SyncReader when the task runs in-thread, otherwise a reference
   * the worker entry knows how to open (see setFileOpener).
   */
  file: unknown;
  /** 'js': the TypeScript scan only (tests compare it with the WebAssembly scan). */
  engine?: 'wasm' | 'js';
  /** Bytes of .debug_abbrev the WebAssembly scan reads at a time (default 256 KiB). */
  abbrevWindow?: number;
}

export interface ChunkInput {
  session: string;
  section: 'info' | 'types';
  /** Section offsets of whole units (candidates when `check`). */
  start: number;
  end: number;
  /** Check that the units tile the chunk before scanning it; CHUNK_MISCUT if not. */
  check?: boolean;
}

/** A chunk task's answer when its units do not tile it (its cuts were not unit boundaries). */
export const CHUNK_MISCUT = 'dwarf.index.miscut';

export interface EndInput {
  session: string;
}

interface Session {
  scan: ScanState;
  reader: SyncReader;
  ownsReader: boolean;
  sections: DwarfSections;
  scratch: Uint8Array | null;
  /** The WebAssembly scan, for little-endian DWARF where WebAssembly runs. */
  wasm: WasmScan | null;
  /** What the WebAssembly scan has handed on: each chunk answers with its new rows. */
  marks: DrainMarks;
  /** Bytes scanned since the last rows went on. */
  undrained: number;
}

const sessions = new Map<string, Session>();

/** How much a lane scans between two answers with its new rows (the merge takes them). */
const DRAIN_BYTES = 16 << 20;
let openFile: ((ref: unknown) => SyncReader) | null = null;

/** Called once by a worker entry: how to open the file reference given to begin. */
export function setFileOpener(open: (ref: unknown) => SyncReader): void {
  openFile = open;
}

function isSyncReader(x: unknown): x is SyncReader {
  return typeof (x as SyncReader | null)?.readSync === 'function';
}

function session(id: string): Session {
  const s = sessions.get(id);
  if (!s) throw new Error(`no DWARF index session ${id}`);
  return s;
}

const begin: TaskHandler = (input) => {
  const { session: id, small, sections, file, engine, abbrevWindow } = input as BeginInput;
  let reader: SyncReader;
  let ownsReader = false;
  if (isSyncReader(file)) reader = file;
  else if (openFile) {
    reader = openFile(file);
    ownsReader = true;
  } else throw new Error('this worker cannot open the file (no setFileOpener)');
  const scan = newScanState(small, new IndexPartBuilder(), reader, sections.sections.abbrev);
  const { abbrev } = sections.sections;
  const wasm =
    engine !== 'js' && sections.littleEndian && abbrev !== undefined && wasmScanAvailable()
      ? new WasmScan(
          abbrev.size,
          (offset, target) => {
            const at = abbrev.fileOffset + offset;
            const what = '.debug_abbrev';
            if (reader.readInto) readSyncInto(reader, at, target.length, target, what);
            else target.set(readSyncExact(reader, at, target.length, what));
          },
          small.line_str?.bytes,
          abbrevWindow,
        )
      : null;
  // One id space for the part's strings: the TypeScript scan's go to the WebAssembly table.
  if (wasm) scan.builder.entries = wasm;
  sessions.set(id, {
    scan,
    reader,
    ownsReader,
    sections,
    scratch: null,
    wasm,
    marks: newDrainMarks(),
    undrained: 0,
  });
  return { output: null };
};

const chunk: TaskHandler = (input) => {
  const c = input as ChunkInput;
  const s = session(c.session);
  const loc = s.sections.sections[c.section];
  if (!loc) throw new Error(`no .debug_${c.section} section`);
  const length = c.end - c.start;
  // .debug_types offsets follow .debug_info's, so that one number names a DIE.
  const base = c.section === 'types' ? (s.sections.sections.info?.size ?? 0) : 0;
  const fileOffset = loc.fileOffset + c.start;
  const what = `.debug_${c.section} units`;
  const types = c.section === 'types';
  if (s.wasm) {
    // Read straight into the scan's memory.
    const ptr = s.wasm.chunk(length);
    const target = new Uint8Array(s.wasm.x.memory.buffer, ptr, length);
    if (s.reader.readInto) readSyncInto(s.reader, fileOffset, length, target, what);
    else target.set(readSyncExact(s.reader, fileOffset, length, what));
    if (c.check && !unitsTile(target, s.sections.littleEndian)) return { output: CHUNK_MISCUT };
    scanUnitsWasm(s.scan, s.wasm, ptr, length, base + c.start, fileOffset, types);
    // New rows go on about every DRAIN_BYTES scanned (fewer, larger parts to merge).
    s.undrained += length;
    if (s.undrained < DRAIN_BYTES) return { output: null };
    s.undrained = 0;
    const delta = drainPart(s.scan.builder, s.wasm, s.marks);
    return { output: delta, transfer: partTransferables(delta) };
  }
  // One buffer per worker, reused for every chunk when the reader can fill it.
  if (s.reader.readInto && (!s.scratch || s.scratch.length < length))
    s.scratch = new Uint8Array(length);
  const bytes = readSyncInto(s.reader, fileOffset, length, s.scratch, what);
  if (c.check && !unitsTile(bytes, s.sections.littleEndian)) return { output: CHUNK_MISCUT };
  scanUnits(s.scan, bytes, base + c.start, fileOffset, types);
  return { output: null };
};

function close(id: string): Session | undefined {
  const s = sessions.get(id);
  sessions.delete(id);
  if (s?.ownsReader) s.reader.close?.();
  return s;
}

const end: TaskHandler = (input) => {
  const s = close((input as EndInput).session);
  if (!s) throw new Error(`no DWARF index session ${(input as EndInput).session}`);
  const part = s.wasm ? drainPart(s.scan.builder, s.wasm, s.marks) : s.scan.builder.finish();
  return { output: part, transfer: partTransferables(part) };
};

/** Drops a session after a failed build. */
const abort: TaskHandler = (input) => {
  close((input as EndInput).session);
  return { output: null };
};

export const DWARF_TASKS: TaskTable = {
  'dwarf.index.begin': begin,
  'dwarf.index.chunk': chunk,
  'dwarf.index.end': end,
  'dwarf.index.abort': abort,
};
