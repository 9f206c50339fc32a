// The WebAssembly and TypeScript scans index Debian's debug vmlinux alike: every unit row,
// type, variable, function range and deferred range list (names compared as strings),
// with no unit left to the TypeScript scan. The first cuts .debug_info at the units
// .debug_aranges names (a wrong cut would throw MiscutChunksError), the second by walking
// every unit header.
import { describe, expect, it } from 'vitest';
import { TYPE_BASE } from '../../src/analysis/debuginfo/dwarf/index/abbrev-program';
import { arangesUnitOffsets } from '../../src/analysis/debuginfo/dwarf/index/aranges-units';
import { buildIndexParts } from '../../src/analysis/debuginfo/dwarf/index/build-index';
import { readDeferredRanges } from '../../src/analysis/debuginfo/dwarf/index/deferred-ranges';
import { DwarfIndex } from '../../src/analysis/debuginfo/dwarf/index/dwarf-index';
import { WasmDeferredRanges } from '../../src/analysis/debuginfo/dwarf/index/wasm-deferred-ranges';
import { wasmScanStats } from '../../src/analysis/debuginfo/dwarf/index/wasm-scan-units';
import { loadSmallSections } from '../../src/analysis/debuginfo/dwarf/load-sections';
import { findDwarfSections } from '../../src/analysis/debuginfo/dwarf/sections';
import { normalizeParts } from '../../src/analysis/debuginfo/dwarf/test-support/normalize-part';
import { openFileSource } from '../../src/node/file-source';
import { SyncFileReader } from '../../src/node/sync-file-reader';
import { vmlinuxPath } from '../support/fixtures';

const vmlinux = vmlinuxPath();

/** The part one engine builds, normalized, and the merged index over it. */
async function part(path: string, engine: 'js' | 'wasm', cuts: 'aranges' | 'walk') {
  const src = await openFileSource(path);
  const reader = new SyncFileReader(path);
  try {
    const secs = await findDwarfSections(src);
    const small = await loadSmallSections(src, secs);
    const ps = await buildIndexParts(reader, secs, small, { engine, cuts });
    const infoSize = secs.sections.info?.size ?? 0;
    const index = new DwarfIndex(ps, infoSize, small);
    const aranges = arangesUnitOffsets(reader, secs.sections.aranges!, infoSize);
    // The merge's WebAssembly range-list reader reads every deferred row as
    // readDeferredRanges does (with no unit for the general reader: all take the fast path).
    const wasmRanges = WasmDeferredRanges.create(small)!;
    let deferred = 0;
    for (const p of ps) {
      const got = wasmRanges.read(p);
      expect(got).not.toBeNull();
      const want = readDeferredRanges(p, [], 0, small);
      expect(Array.from(got!.functions.ranges)).toEqual(Array.from(want.functions.ranges));
      expect(Array.from(got!.functions.names)).toEqual(Array.from(want.functions.names));
      expect(Array.from(got!.functions.dies)).toEqual(Array.from(want.functions.dies));
      expect(Array.from(got!.unitRanges)).toEqual(Array.from(want.unitRanges));
      expect(Array.from(got!.unitOwners)).toEqual(Array.from(want.unitOwners));
      deferred += p.deferred.length / 6;
    }
    expect(deferred).toBeGreaterThan(1000);
    return { rows: normalizeParts(ps), index, aranges };
  } finally {
    await src.close();
    reader.close();
  }
}

describe.skipIf(!vmlinux)('DWARF index engines on the debug vmlinux', () => {
  it('build the same part', { timeout: 120_000 }, async () => {
    const before = { ...wasmScanStats };
    const { rows: wasm, index: wasmIndex, aranges } = await part(vmlinux!, 'wasm', 'aranges');
    expect(wasmScanStats.units - before.units).toBe(wasm.units!.length);
    // .debug_aranges names every compile unit (all of them, in this vmlinux).
    expect(aranges.length).toBe(wasm.units!.length);
    expect(wasmScanStats.fallbacks - before.fallbacks).toBe(0);
    const { rows: js, index: jsIndex } = await part(vmlinux!, 'js', 'walk');
    for (const table of Object.keys(js)) {
      expect(wasm[table]!.length, table).toBe(js[table]!.length);
      expect(wasm[table], table).toEqual(js[table]);
    }
    expect(wasm.functions!.length).toBeGreaterThan(40_000);
    // Every type name of one index is found in the other.
    let names = 0;
    for (let kind = 0; kind <= TYPE_BASE; kind++) {
      for (const name of jsIndex.typeNames(kind)) {
        expect(wasmIndex.findType(kind, name), name).toEqual(jsIndex.findType(kind, name));
        names++;
      }
    }
    expect(names).toBeGreaterThan(10_000);
    for (const name of ['jiffies', 'init_task', 'panic_cpu', 'nr_cpu_ids'])
      expect(wasmIndex.findVariable(name)).toEqual(jsIndex.findVariable(name));
  });
});
