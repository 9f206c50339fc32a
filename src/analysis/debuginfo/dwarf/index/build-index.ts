// Builds the name and address index of .debug_info (and DWARF 4 .debug_types) in
// parallel: the section is streamed in unit-aligned chunks (never read whole), each chunk
// goes to the next free lane of a ParallelRunner, and every lane returns one IndexPart.
import { CancelledError } from '../../../errors';
import type { ByteSource } from '../../../io/byte-source';
import { readExact } from '../../../io/byte-source';
import { InThreadRunner, type ParallelRunner } from '../parallel/runner';
import type { DwarfSections, SectionLocation } from '../sections';
import type { SmallSections } from '../unit-bases';
import { unitExtent } from '../unit-header';
import type { IndexPart } from './index-part';
import { DWARF_TASKS, type ChunkInput } from './index-tasks';

export interface IndexOptions {
  /** Default: in the calling thread. */
  runner?: ParallelRunner;
  /** Bytes per chunk (default 4 MiB; a larger unit makes a larger chunk). */
  chunkBytes?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: { aborted: boolean };
}

let sessionCounter = 0;

export async function buildIndexParts(
  src: ByteSource,
  secs: DwarfSections,
  small: SmallSections,
  opts: IndexOptions = {},
): Promise<IndexPart[]> {
  const runner = opts.runner ?? new InThreadRunner(DWARF_TASKS);
  const chunkBytes = opts.chunkBytes ?? 4 << 20;
  const info = secs.sections.info;
  const types = secs.sections.types;
  const total = (info?.size ?? 0) + (types?.size ?? 0);
  const session = `dwarf-${Date.now().toString(36)}-${sessionCounter++}`;
  const lanes = Array.from({ length: Math.max(1, runner.lanes) }, (_, i) => i);
  await Promise.all(lanes.map((l) => runner.run(l, 'dwarf.index.begin', { session, small })));
  const busy = new Map<number, Promise<void>>();
  let done = 0;
  opts.onProgress?.(0, total);
  const inflight: Promise<void>[] = [];
  try {
    const dispatch = async (input: ChunkInput): Promise<void> => {
      while (busy.size >= lanes.length) await Promise.race(busy.values());
      const lane = lanes.find((l) => !busy.has(l))!;
      const n = input.bytes.length;
      const p = runner
        .run(lane, 'dwarf.index.chunk', input, [input.bytes.buffer as ArrayBuffer])
        .then(() => {
          done += n;
          opts.onProgress?.(done, total);
        })
        .finally(() => busy.delete(lane));
      // A failure surfaces through Promise.all below; keep the race above from rejecting.
      busy.set(
        lane,
        p.catch(() => undefined),
      );
      inflight.push(p);
    };
    const sections: [SectionLocation | undefined, number, boolean][] = [
      [info, 0, false],
      // .debug_types offsets are moved past .debug_info so that one number names a DIE.
      [types, info?.size ?? 0, true],
    ];
    for (const [loc, base, isTypes] of sections) {
      if (!loc) continue;
      await streamUnits(src, loc, chunkBytes, opts.signal, (bytes, pos) =>
        dispatch({
          session,
          bytes,
          start: base + pos,
          fileOffset: loc.fileOffset + pos,
          typesSection: isTypes,
        }),
      );
    }
    await Promise.all(inflight);
    const parts = await Promise.all(
      lanes.map((l) => runner.run(l, 'dwarf.index.end', { session })),
    );
    return parts as IndexPart[];
  } catch (e) {
    await Promise.allSettled(inflight);
    await Promise.allSettled(lanes.map((l) => runner.run(l, 'dwarf.index.abort', { session })));
    throw e;
  }
}

/**
 * Reads `loc` in pieces of about `chunkBytes`, cut at unit boundaries, and hands each piece
 * (a fresh buffer that may be transferred) to `consume`; reads the next piece meanwhile.
 */
async function streamUnits(
  src: ByteSource,
  loc: SectionLocation,
  chunkBytes: number,
  signal: { aborted: boolean } | undefined,
  consume: (bytes: Uint8Array, sectionPos: number) => Promise<void>,
): Promise<void> {
  const read = (pos: number, len: number) =>
    readExact(src, loc.fileOffset + pos, Math.min(len, loc.size - pos), '.debug_info units');
  let pos = 0;
  let next: Promise<Uint8Array> | null = loc.size > 0 ? read(0, chunkBytes) : null;
  while (next) {
    if (signal?.aborted) throw new CancelledError();
    let buf = await next;
    let cut = completeUnits(buf);
    if (cut === 0) {
      // One unit larger than a chunk (or a unit_length running past the section).
      const e = unitExtent(buf, 0);
      const need = e ? e.headerBytes + e.length : buf.length;
      buf = await read(pos, Math.min(need, loc.size - pos));
      cut = buf.length;
    }
    const piece = buf.subarray(0, cut).slice();
    pos += cut;
    next = pos < loc.size ? read(pos, chunkBytes) : null;
    await consume(piece, pos - cut);
  }
}

/** Length of the whole units at the start of `buf`. */
function completeUnits(buf: Uint8Array): number {
  let p = 0;
  for (;;) {
    const e = unitExtent(buf, p);
    if (!e || p + e.headerBytes + e.length > buf.length) return p;
    p += e.headerBytes + e.length;
  }
}
