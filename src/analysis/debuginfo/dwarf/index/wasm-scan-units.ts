// Scans whole chunks with the WebAssembly scan (wasm-scan.ts): unit headers, tables, DIEs
// and unit rows are all done in WebAssembly, one call per run of units. A unit it leaves
// (a form it does not decode, or bad data) goes to the TypeScript scan (scan-unit.ts),
// which indexes it or reports the bad data, and the WebAssembly scan goes on after it.
import { BadDataError } from '../../../errors';
import { DwarfReader } from '../reader';
import { readUnitHeader } from '../unit-header';
import type { IndexPart, IndexPartBuilder } from './index-part';
import { scanUnit, type ScanState } from './scan-unit';
import { concat } from './typed-concat';
import { STATUS_TYPESCRIPT, type WasmScan } from './wasm-scan';

/** Units scanned by this thread, and how many of them went to the TypeScript scan. */
export const wasmScanStats = { units: 0, fallbacks: 0 };

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Indexes the units of the `length` bytes at `ptr` in the scan's memory: whole units from
 * section offset `start` (file offset `fileOffset`).
 */
export function scanUnitsWasm(
  st: ScanState,
  w: WasmScan,
  ptr: number,
  length: number,
  start: number,
  fileOffset: number,
  typesSection = false,
): void {
  const b = st.builder;
  for (let pos = 0; pos < length;) {
    const before = b.unitCount;
    pos = w.x.cl_scan_chunk(ptr, length, pos, start, typesSection ? 1 : 0, before);
    takeUnitRows(b, w);
    wasmScanStats.units += b.unitCount - before;
    const status = w.x.cl_status();
    if (status === 0) continue;
    // The unit at `pos` is the TypeScript scan's: it indexes it or throws on bad data.
    const bytes = new Uint8Array(w.x.memory.buffer, ptr, length);
    const r = new DwarfReader(bytes, st.small.source, fileOffset, st.small.littleEndian);
    r.pos = pos;
    const h = readUnitHeader(r, start, typesSection);
    wasmScanStats.units++;
    wasmScanStats.fallbacks++;
    scanUnit(st, h, bytes, start, fileOffset);
    if (status !== STATUS_TYPESCRIPT) {
      throw new BadDataError(
        st.small.source,
        fileOffset + pos,
        'DIEs the index can walk',
        `a unit the WebAssembly scan stopped in (status ${status})`,
      );
    }
    pos = h.end - start;
  }
}

/** Appends the unit rows, unit ranges and owners of the last chunk call to the part. */
function takeUnitRows(b: IndexPartBuilder, w: WasmScan): void {
  const t = w.unitRows();
  const buf = w.x.memory.buffer;
  for (const v of new Float64Array(buf, t[0], t[1])) b.units.push(v);
  for (const v of new Uint32Array(buf, t[2], t[3])) b.unitRanges.push(v);
  for (const v of new Uint32Array(buf, t[4], t[5])) b.unitRangeOwner.push(v);
}

/** [-1, 0] per row: no name hash. */
function unhashed(rows: number): Int32Array {
  const a = new Int32Array(2 * rows);
  for (let i = 0; i < a.length; i += 2) a[i] = -1;
  return a;
}

/**
 * The part with the tables the WebAssembly scan built appended, and its strings (the
 * part's own strings went through WasmScan.intern: one id space).
 */
export function withWasmTables(part: IndexPart, w: WasmScan): IndexPart {
  const t = w.tables();
  const buf = w.x.memory.buffer;
  const f64 = (i: number) => new Float64Array(buf, t[2 * i], t[2 * i + 1]);
  const strBytes = new Uint8Array(buf, t[12], t[13]);
  const strIndex = new Uint32Array(buf, t[14], t[15]);
  const strings: string[] = [];
  for (let k = 0; k < strIndex.length; k += 2) {
    strings.push(utf8.decode(strBytes.subarray(strIndex[k], strIndex[k]! + strIndex[k + 1]!)));
  }
  return {
    ...part,
    strings,
    types: concat([part.types, f64(0)], Float64Array),
    variables: concat([part.variables, f64(1)], Float64Array),
    functionRanges: concat([part.functionRanges, new Uint32Array(buf, t[4], t[5])], Uint32Array),
    functionName: concat([part.functionName, f64(3)], Float64Array),
    functionDie: concat([part.functionDie, f64(4)], Float64Array),
    deferred: concat([part.deferred, f64(5)], Float64Array),
    // Rows of the TypeScript scan first, without hashes.
    typeHashes: concat(
      [unhashed(part.types.length / 4), new Int32Array(buf, t[16], t[17])],
      Int32Array,
    ),
    variableHashes: concat(
      [unhashed(part.variables.length / 3), new Int32Array(buf, t[18], t[19])],
      Int32Array,
    ),
  };
}
