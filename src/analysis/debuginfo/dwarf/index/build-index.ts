// Builds the name and address index of .debug_info (and DWARF 4 .debug_types) in
// parallel. The calling thread only cuts the sections into unit-aligned chunks
// (chunk-cuts.ts: at the units .debug_aranges names, else by walking the unit headers),
// as the lanes ask for them; each chunk goes to the next free lane of a ParallelRunner,
// whose worker reads and scans it; lanes answer with IndexParts.
import { BadDataError, CancelledError } from '../../../errors';
import { LANE_SECTIONS } from '../load-sections';
import { InThreadRunner, type ParallelRunner } from '../parallel/runner';
import type { DwarfSections } from '../sections';
import type { SyncReader } from '../sync-reader';
import type { SmallSections } from '../unit-bases';
import { arangesUnitOffsets } from './aranges-units';
import { candidateChunks, unitChunks } from './chunk-cuts';
import type { IndexPart } from './index-part';
import { CHUNK_MISCUT, DWARF_TASKS, type BeginInput, type ChunkInput } from './index-tasks';

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
  /** Bytes of .debug_abbrev the WebAssembly scan reads at a time (default 256 KiB). */
  abbrevWindow?: number;
  /**
   * Takes each part as it arrives (the WebAssembly scan answers every chunk with its new
   * rows, so that the merge goes on while the lanes scan); parts it takes are not returned.
   */
  onPart?: (part: IndexPart) => void;
  /**
   * 'walk': cut .debug_info by walking every unit header. Default: at the units
   * .debug_aranges names, where it names any (MiscutChunksError if they prove wrong).
   */
  cuts?: 'aranges' | 'walk';
}

/**
 * A chunk cut at the offsets .debug_aranges names did not hold whole units, or its scan
 * met bad data (which a wrong cut also gives): the caller drops what the build gave it
 * and builds again with `cuts: 'walk'`, which reports bad data where it lies.
 */
export class MiscutChunksError extends Error {
  constructor(source: string, cause?: unknown) {
    super(
      `${source}: .debug_info chunks cut at the units .debug_aranges names did not hold whole units`,
      { cause },
    );
    this.name = 'MiscutChunksError';
  }
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
  const chunkBytes = opts.chunkBytes ?? 4 << 20;
  const lanes = Array.from({ length: Math.max(1, runner.lanes) }, (_, i) => i);
  // Workers get only what strx, addrx and line_strp names need; they read the rest.
  const workerSmall: SmallSections = { source: small.source, littleEndian: small.littleEndian };
  for (const name of LANE_SECTIONS) if (small[name]) workerSmall[name] = small[name];
  const begin: BeginInput = {
    session,
    small: workerSmall,
    sections: secs,
    file: inThread ? reader : opts.workerFile,
    engine: opts.engine,
    abbrevWindow: opts.abbrevWindow,
  };
  // The lanes open their sessions while the first chunks are cut; a lane takes its
  // requests in order, so chunks need not wait.
  const begins = lanes.map((l) => runner.run(l, 'dwarf.index.begin', begin));
  const { info, aranges } = secs.sections;
  const candidates =
    info && aranges && opts.cuts !== 'walk'
      ? arangesUnitOffsets(reader, aranges, info.size, secs.littleEndian)
      : [];
  // Chunks are cut while the lanes already scan (the walk reads one header per unit).
  const chunks = (function* (): Generator<ChunkInput> {
    for (const section of ['info', 'types'] as const) {
      const loc = secs.sections[section];
      if (!loc) continue;
      const check = section === 'info' && candidates.length > 0;
      const cut = check
        ? candidateChunks(reader, loc, candidates, chunkBytes, secs.littleEndian)
        : unitChunks(reader, loc, chunkBytes, secs.littleEndian);
      for (const [start, end] of cut) yield { session, section, start, end, check };
    }
  })();
  const total = (secs.sections.info?.size ?? 0) + (secs.sections.types?.size ?? 0);
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
      const out = await runner.run(lane, 'dwarf.index.chunk', c.value);
      if (out === CHUNK_MISCUT) throw new MiscutChunksError(secs.source);
      take(out as IndexPart | null, lane);
      done += c.value.end - c.value.start;
      opts.onProgress?.(done, total);
    }
  };
  try {
    // A lane that has no more chunks ends its session at once, while others still scan.
    const lane = async (l: number): Promise<void> => {
      await Promise.all([drive(l), drive(l)]);
      take((await runner.run(l, 'dwarf.index.end', { session })) as IndexPart | null, l);
    };
    // A failed begin answers first (a lane answers in order): its error is the one thrown.
    await Promise.all([...begins, ...lanes.map(lane)]);
    return parts;
  } catch (e) {
    stop = true;
    await Promise.allSettled(lanes.map((l) => runner.run(l, 'dwarf.index.abort', { session })));
    // Bad data in a chunk cut at a candidate may only mean the cut was wrong.
    if (candidates.length > 0 && e instanceof BadDataError)
      throw new MiscutChunksError(secs.source, e);
    throw e;
  }
}
