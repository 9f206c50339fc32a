// Builds the name and address index of .debug_info (and DWARF 4 .debug_types) in
// parallel. The calling thread only walks the unit headers (a 12-byte read per unit) to
// cut the sections into unit-aligned chunks, as the lanes ask for them; each chunk goes to
// the next free lane of a ParallelRunner, whose worker reads and scans it; every lane
// returns one IndexPart.
import { CancelledError } from '../../../errors';
import { InThreadRunner, type ParallelRunner } from '../parallel/runner';
import type { DwarfSections, SectionLocation } from '../sections';
import type { SyncReader } from '../sync-reader';
import type { SmallSections } from '../unit-bases';
import { unitExtent } from '../unit-header';
import type { IndexPart } from './index-part';
import { DWARF_TASKS, type BeginInput, type ChunkInput } from './index-tasks';

export interface IndexOptions {
  /** Default: in the calling thread. */
  runner?: ParallelRunner;
  /**
   * What the runner's workers open to read the file (Node: `{ path }`, browser: the
   * File); required with a worker runner, ignored in-thread.
   */
  workerFile?: unknown;
  /** Bytes per chunk (default 4 MiB; a larger unit makes a larger chunk). */
  chunkBytes?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: { aborted: boolean };
  /** 'js': scan with the TypeScript code only (default: WebAssembly where it runs). */
  engine?: 'wasm' | 'js';
  /**
   * Takes each part as it arrives (the WebAssembly scan answers every chunk with its new
   * rows, so that the merge goes on while the lanes scan); parts it takes are not returned.
   */
  onPart?: (part: IndexPart) => void;
}

let sessionCounter = 0;

export async function buildIndexParts(
  reader: SyncReader,
  secs: DwarfSections,
  small: SmallSections,
  opts: IndexOptions = {},
): Promise<IndexPart[]> {
  const runner = opts.runner ?? new InThreadRunner(DWARF_TASKS);
  const inThread = runner instanceof InThreadRunner;
  if (!inThread && opts.workerFile === undefined)
    throw new Error('a worker runner needs options.workerFile');
  const session = `dwarf-${Date.now().toString(36)}-${sessionCounter++}`;
  // Chunks are cut while the lanes already scan (the walk reads one header per unit).
  const chunks = (function* (): Generator<ChunkInput> {
    for (const section of ['info', 'types'] as const) {
      const loc = secs.sections[section];
      if (!loc) continue;
      const cut = unitChunks(reader, loc, opts.chunkBytes ?? 4 << 20, secs.littleEndian);
      for (const [start, end] of cut) yield { session, section, start, end };
    }
  })();
  const total = (secs.sections.info?.size ?? 0) + (secs.sections.types?.size ?? 0);
  const lanes = Array.from({ length: Math.max(1, runner.lanes) }, (_, i) => i);
  // Workers get only what strx, addrx and line_strp names need; they read the rest.
  const workerSmall: SmallSections = {
    source: small.source,
    littleEndian: small.littleEndian,
    line_str: small.line_str,
    str_offsets: small.str_offsets,
    addr: small.addr,
  };
  const begin: BeginInput = {
    session,
    small: workerSmall,
    sections: secs,
    file: inThread ? reader : opts.workerFile,
    engine: opts.engine,
  };
  await Promise.all(lanes.map((l) => runner.run(l, 'dwarf.index.begin', begin)));
  let done = 0;
  let stop = false;
  const parts: IndexPart[] = [];
  // A lane's parts after its first carry only their new strings: joined up here, in one
  // array per lane (ids stay those of the lane).
  const laneStrings = lanes.map((): string[] => []);
  const take = (p: IndexPart | null, lane: number): void => {
    if (!p) return;
    if (p.stringBase !== undefined) {
      const all = laneStrings[lane]!;
      if (all.length !== p.stringBase)
        throw new Error(`DWARF index: lane ${lane} strings out of order`);
      for (const s of p.strings) all.push(s);
      p.strings = all;
    }
    if (opts.onPart) opts.onPart(p);
    else parts.push(p);
  };
  opts.onProgress?.(0, total);
  // Each lane takes the next chunk when it is done with one; two requests stay queued
  // per lane, so that a worker never waits for the round trip between chunks.
  const drive = async (lane: number): Promise<void> => {
    for (let c = chunks.next(); !stop && !c.done; c = chunks.next()) {
      if (opts.signal?.aborted) throw new CancelledError();
      take((await runner.run(lane, 'dwarf.index.chunk', c.value)) as IndexPart | null, lane);
      done += c.value.end - c.value.start;
      opts.onProgress?.(done, total);
    }
  };
  try {
    await Promise.all(lanes.flatMap((l) => [drive(l), drive(l)]));
    const ends = await Promise.all(lanes.map((l) => runner.run(l, 'dwarf.index.end', { session })));
    ends.forEach((p, lane) => take(p as IndexPart | null, lane));
    return parts;
  } catch (e) {
    stop = true;
    await Promise.allSettled(lanes.map((l) => runner.run(l, 'dwarf.index.abort', { session })));
    throw e;
  }
}

/**
 * [start, end) section offsets of runs of whole units of at most `chunkBytes` (or one larger
 * unit), from the unit_length fields. A length running past the section ends the walk:
 * the last chunk then holds the rest, and its scan reports the bad unit.
 */
export function* unitChunks(
  reader: SyncReader,
  loc: SectionLocation,
  chunkBytes: number,
  littleEndian = true,
): Generator<[number, number]> {
  let chunkStart = 0;
  let pos = 0;
  while (pos < loc.size) {
    const head = reader.readSync(loc.fileOffset + pos, Math.min(12, loc.size - pos));
    const e = unitExtent(head, 0, littleEndian);
    const next = e ? pos + e.headerBytes + e.length : Infinity;
    if (!(next <= loc.size) || next <= pos) {
      pos = loc.size;
      break;
    }
    // Cut before a unit that would take the chunk past chunkBytes (a larger unit goes
    // alone): the lanes' chunk buffers keep one size.
    if (next - chunkStart > chunkBytes && pos > chunkStart) {
      yield [chunkStart, pos];
      chunkStart = pos;
    }
    pos = next;
  }
  if (pos > chunkStart) yield [chunkStart, pos];
}
