// Entry point: locate the DWARF sections, build the index (in parallel when given a
// runner), and expose TypeSource and CodeSource over it.
import { MissingDebugInfoError } from '../../errors';
import type { ByteSource } from '../../io/byte-source';
import { DwarfCodeSource } from './code-source';
import { buildIndexParts, MiscutChunksError, type IndexOptions } from './index/build-index';
import { DwarfIndex, IndexMerge } from './index/dwarf-index';
import { loadSmallSections } from './load-sections';
import { findDwarfSections, type DwarfSections } from './sections';
import type { SyncReader } from './sync-reader';
import { DwarfTypeSource } from './type-source';
import { UnitStore, type UnitStoreOptions } from './unit-store';

export interface OpenDwarfOptions extends IndexOptions, UnitStoreOptions {
  /** Section locations, when the caller already read the ELF section headers. */
  sections?: DwarfSections;
  /** Close `runner` once the workers have returned their parts, before the merge (frees their memory). */
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
   * Its steps, in milliseconds: small sections read, units scanned (parts are merged as
   * they arrive, meanwhile), the merge finished.
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
  const small = await loadSmallSections(src, sections);
  const t1 = performance.now();
  // Parts are merged as they arrive, while the lanes go on scanning.
  let merge = new IndexMerge(info?.size ?? 0, small);
  const build = async (cuts = opts.cuts): Promise<void> => {
    const rest = await buildIndexParts(reader, sections, small, {
      ...opts,
      cuts,
      onPart: (p) => merge.add(p),
    });
    for (const p of rest) merge.add(p);
  };
  try {
    try {
      await build();
    } catch (e) {
      if (!(e instanceof MiscutChunksError)) throw e;
      // .debug_aranges named offsets that are not units: again, cut by the header walk.
      merge = new IndexMerge(info?.size ?? 0, small);
      await build('walk');
    }
  } finally {
    if (opts.closeRunner) await opts.runner?.close();
  }
  const t2 = performance.now();
  const index = new DwarfIndex(merge, info?.size ?? 0, small);
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
