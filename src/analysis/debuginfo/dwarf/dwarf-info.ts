// Entry point: locate the DWARF sections, build the index (in parallel when given a
// runner), and expose TypeSource and CodeSource over it.
import { MissingDebugInfoError } from '../../errors';
import type { ByteSource } from '../../io/byte-source';
import { DwarfCodeSource } from './code-source';
import { buildIndexParts, MiscutChunksError, type IndexOptions } from './index/build-index';
import { DwarfIndex, IndexMerge } from './index/dwarf-index';
import type { IndexPart } from './index/index-part';
import { LANE_SECTIONS, loadSmallSections, MERGE_SECTIONS } from './load-sections';
import { findDwarfSections, type DwarfSections } from './sections';
import type { SyncReader } from './sync-reader';
import type { SmallSections } from './unit-bases';
import { DwarfTypeSource } from './type-source';
import { UnitStore, type UnitStoreOptions } from './unit-store';

export interface OpenDwarfOptions extends IndexOptions, UnitStoreOptions {
  /** Section locations, when the caller already read the ELF section headers. */
  sections?: DwarfSections;
  /**
   * Close `runner` once the workers have returned their parts, before the merge (frees
   * their memory). The index does not wait for the workers to exit.
   */
  closeRunner?: boolean;
}

export interface DwarfInfo {
  index: DwarfIndex;
  types: DwarfTypeSource;
  code: DwarfCodeSource;
  store: UnitStore;
  sections: DwarfSections;
  /** Milliseconds spent building the index. */
  indexMs: number;
  /**
   * Its steps, in milliseconds: the lanes' small sections read, units scanned (the
   * merge's sections are read and parts merged as they arrive, meanwhile), the merge
   * finished.
   */
  indexSteps: { smallMs: number; scanMs: number; mergeMs: number };
}

/**
 * Indexes the DWARF of `src` (a vmlinux with debug info). `reader` reads the same file
 * synchronously: the index reads .debug_info through it (in each worker, through the
 * reader the worker entry opens from `opts.workerFile`), and the lazy parts use it
 * (TypeSource and CodeSource answer synchronously). `src` serves the ELF headers and the
 * small sections.
 */
export async function openDwarf(
  src: ByteSource,
  reader: SyncReader,
  opts: OpenDwarfOptions = {},
): Promise<DwarfInfo> {
  const sections = opts.sections ?? (await findDwarfSections(src));
  const info = sections.sections.info;
  if (!info && !sections.sections.types)
    throw new MissingDebugInfoError(`${src.name} has no .debug_info section`);
  const t0 = performance.now();
  // The lanes need only the sections strx, addrx and line_strp names go through; the
  // merge's (.debug_str, range lists) are read and its tables set up while they scan.
  const laneSmall = await loadSmallSections(src, sections, LANE_SECTIONS);
  const t1 = performance.now();
  let small: SmallSections = laneSmall;
  let merge: IndexMerge | null = null;
  const early: IndexPart[] = [];
  const take = (p: IndexPart): void => void (merge ? merge.add(p) : early.push(p));
  const mergeReady = loadSmallSections(src, sections, MERGE_SECTIONS).then((rest) => {
    small = { ...laneSmall, ...rest };
    merge = new IndexMerge(info?.size ?? 0, small);
    for (const p of early.splice(0)) merge.add(p);
  });
  mergeReady.catch(() => undefined); // awaited below
  const build = async (cuts = opts.cuts): Promise<void> => {
    const rest = await buildIndexParts(reader, sections, laneSmall, {
      ...opts,
      cuts,
      onPart: take,
    });
    for (const p of rest) take(p);
  };
  try {
    try {
      await build();
    } catch (e) {
      if (!(e instanceof MiscutChunksError)) throw e;
      // .debug_aranges named offsets that are not units: again, cut by the header walk.
      await mergeReady;
      merge = new IndexMerge(info?.size ?? 0, small);
      await build('walk');
    }
    await mergeReady;
  } finally {
    // A worker's exit takes milliseconds the index need not wait for.
    if (opts.closeRunner) opts.runner?.close().catch(() => undefined);
  }
  const t2 = performance.now();
  const index = new DwarfIndex(merge!, info?.size ?? 0, small);
  const t3 = performance.now();
  const store = new UnitStore(index, reader, sections, small, opts);
  return {
    index,
    types: new DwarfTypeSource(store),
    code: new DwarfCodeSource(store),
    store,
    sections,
    indexMs: t3 - t0,
    indexSteps: { smallMs: t1 - t0, scanMs: t2 - t1, mergeMs: t3 - t2 },
  };
}
