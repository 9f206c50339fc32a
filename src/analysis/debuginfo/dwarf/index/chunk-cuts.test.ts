// Chunks cut at .debug_aranges' unit offsets: the same index as the header walk, and a
// wrong offset is caught by the chunk's tiling check (the build starts again with the walk).
import { describe, expect, it } from 'vitest';
import { BadDataError } from '../../../errors';
import { MemorySource } from '../../../io/memory-source';
import { loadSmallSections } from '../load-sections';
import { findDwarfSections } from '../sections';
import { MemorySyncReader } from '../sync-reader';
import { arangesFor as aranges, unitOffsetsOf } from '../test-support/aranges-writer';
import { writeDwarf } from '../test-support/dwarf-writer';
import { dwarfElf } from '../test-support/elf-writer';
import { normalizeParts } from '../test-support/normalize-part';
import { openBytes } from '../test-support/open-test-dwarf';
import { codeLines, codeUnits, T, typeUnits } from '../test-support/samples';
import { arangesUnitOffsets } from './aranges-units';
import { buildIndexParts, MiscutChunksError, type IndexOptions } from './build-index';
import { candidateChunks, unitChunks, unitsTile } from './chunk-cuts';

const sections = writeDwarf([...typeUnits(5), ...codeUnits(5), ...typeUnits(4)], [codeLines(5)]);
const info = sections.info!;
const reader = (b: Uint8Array) => new MemorySyncReader('test.elf', b);
const infoLoc = { fileOffset: 0, size: info.length };
const unitOffsets = unitOffsetsOf(info);

async function parts(file: Uint8Array, opts: IndexOptions) {
  const src = new MemorySource('test.elf', file);
  const secs = await findDwarfSections(src);
  const small = await loadSmallSections(src, secs);
  return normalizeParts(await buildIndexParts(reader(file), secs, small, opts));
}

describe('chunk cuts', () => {
  it('reads the unit offsets of .debug_aranges, 32- and 64-bit sets', () => {
    expect(unitOffsets.length).toBeGreaterThanOrEqual(4);
    const [a, b, c] = unitOffsets;
    const bytes = aranges([c!, a!, b!, c!, info.length + 5], [b!]);
    const got = arangesUnitOffsets(
      reader(bytes),
      { fileOffset: 0, size: bytes.length },
      info.length,
    );
    expect(got).toEqual([a, b, c]);
    // A set of another version ends the list.
    const bad = aranges([a!, b!]);
    bad[32 + 4] = 3; // the second set's version (each set is 32 bytes)
    expect(
      arangesUnitOffsets(reader(bad), { fileOffset: 0, size: bad.length }, info.length),
    ).toEqual([a]);
  });

  it('cuts at candidates, walks gaps larger than twice the chunk size', () => {
    const every = [...candidateChunks(reader(info), infoLoc, unitOffsets, 64)];
    expect(every.map(([s]) => s)).toEqual(unitOffsets);
    expect(every.at(-1)![1]).toBe(info.length);
    // No candidates: the whole section is walked, as unitChunks cuts it.
    expect([...candidateChunks(reader(info), infoLoc, [], 64)]).toEqual([
      ...unitChunks(reader(info), infoLoc, 64),
    ]);
    const big = [...candidateChunks(reader(info), infoLoc, unitOffsets, 1 << 20)];
    expect(big).toEqual([[0, info.length]]);
  });

  it('checks that units tile a chunk', () => {
    const [, second, third] = unitOffsets;
    expect(unitsTile(info)).toBe(true);
    expect(unitsTile(info.subarray(second, third))).toBe(true);
    expect(unitsTile(info.subarray(0, third! - 1))).toBe(false);
    expect(unitsTile(info.subarray(second! + 1, third))).toBe(false);
  });

  it('builds the same parts as the header walk, in-thread, with tiny chunks', async () => {
    const file = dwarfElf({ ...sections, aranges: aranges(unitOffsets.slice(0, -2)) });
    const walk = await parts(file, { cuts: 'walk', chunkBytes: 64 });
    expect(await parts(file, { chunkBytes: 64 })).toEqual(walk);
    expect(await parts(file, { chunkBytes: 64, engine: 'js' })).toEqual(walk);
  });

  it('starts again with the walk when an offset is not a unit', async () => {
    const [, second] = unitOffsets;
    const file = dwarfElf({ ...sections, aranges: aranges([second! + 3]) });
    await expect(parts(file, { chunkBytes: 64 })).rejects.toBeInstanceOf(MiscutChunksError);
    const d = await openBytes(file, { chunkBytes: 64 });
    const walk = await openBytes(dwarfElf(sections), { chunkBytes: 64 });
    expect(d.index.unitCount).toBe(walk.index.unitCount);
    expect([...d.types.typeNames()].sort()).toEqual([...walk.types.typeNames()].sort());
    expect(d.code.functionAt(T + 0x1bn)).toEqual(walk.code.functionAt(T + 0x1bn));
  });

  it('reports bad data as the header walk does, after starting again', async () => {
    const [, second] = unitOffsets;
    const bad = info.slice();
    bad[second! + 4] = 9; // the second unit's version
    const withAranges = dwarfElf({ ...sections, info: bad, aranges: aranges(unitOffsets) });
    await expect(parts(withAranges, { chunkBytes: 64 })).rejects.toBeInstanceOf(MiscutChunksError);
    const walk = await openBytes(dwarfElf({ ...sections, info: bad }), { chunkBytes: 64 }).catch(
      (e: unknown) => e,
    );
    expect(walk).toBeInstanceOf(BadDataError);
    await expect(openBytes(withAranges, { chunkBytes: 64 })).rejects.toThrow(
      (walk as Error).message,
    );
  });
});
