// Scans whole chunks with the WebAssembly scan (wasm-scan.ts): unit headers, tables, DIEs
// and unit rows are all done in WebAssembly, one call per run of units. A unit it leaves
// (a form it does not decode, or bad data) goes to the TypeScript scan (scan-unit.ts),
// which indexes it or reports the bad data, and the WebAssembly scan goes on after it.
import { BadDataError } from '../../../errors';
import { DwarfReader } from '../reader';
import { readUnitHeader } from '../unit-header';
import type { IndexPart, IndexPartBuilder } from './index-part';
import * as U from './index-part';
import { scanUnit, type ScanState } from './scan-unit';
import { STATUS_NEED_ABBREV, STATUS_TYPESCRIPT, type WasmScan } from './wasm-scan';

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
    if (status === STATUS_NEED_ABBREV) {
      w.readAbbrevWindow(); // and the unit at pos again
      continue;
    }
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
  b.units.append(new Float64Array(buf, t[0], t[1]));
  b.unitRanges.append(new Uint32Array(buf, t[2], t[3]));
  b.unitRangeOwner.append(new Int32Array(buf, t[4], t[5]));
}

/** What a lane has handed on so far: table lengths (cl_tables order) and unit rows. */
export interface DrainMarks {
  tables: number[];
  units: number;
  unitRanges: number;
  unitOwners: number;
  /** How many of the lane's strings (ids are the WebAssembly scan's) were handed on. */
  strings: number;
}

export function newDrainMarks(): DrainMarks {
  return {
    tables: new Array<number>(8).fill(0),
    units: 0,
    unitRanges: 0,
    unitOwners: 0,
    strings: 0,
  };
}

/**
 * The rows added since the last drain, as a part of its own: the merge takes it while
 * the lanes go on scanning. Its unit indexes are made local to it (a unit's ranges and
 * deferred lists are found with the unit, in the same chunk).
 */
export function drainPart(b: IndexPartBuilder, w: WasmScan, m: DrainMarks): IndexPart {
  const t = w.tables();
  const buf = w.x.memory.buffer;
  const from = (i: number, size: number) => t[2 * i]! + size * m.tables[i]!;
  const count = (i: number) => t[2 * i + 1]! - m.tables[i]!;
  const f64 = (i: number) => new Float64Array(buf, from(i, 8), count(i)).slice();
  const strBytes = new Uint8Array(buf, t[12], t[13]);
  const strIndex = new Uint32Array(buf, t[14], t[15]);
  const strings: string[] = [];
  for (let k = m.tables[7]!; k < strIndex.length; k += 2) {
    strings.push(utf8.decode(strBytes.subarray(strIndex[k], strIndex[k]! + strIndex[k + 1]!)));
  }
  const unitBase = m.units / U.UNIT_FIELDS;
  const deferred = f64(5);
  for (let i = U.D_UNIT; i < deferred.length; i += U.DEFERRED_FIELDS)
    deferred[i] = deferred[i]! - unitBase;
  const owners = b.unitRangeOwner.since(m.unitOwners);
  for (let i = 0; i < owners.length; i++) owners[i] = owners[i]! - unitBase;
  const part: IndexPart = {
    strings,
    stringBase: m.strings,
    units: b.units.since(m.units),
    unitRanges: b.unitRanges.since(m.unitRanges),
    unitRangeOwner: owners,
    types: f64(0),
    variables: f64(1),
    functionRanges: new Uint32Array(buf, from(2, 4), count(2)).slice(),
    functionName: f64(3),
    functionDie: f64(4),
    deferred,
  };
  for (let i = 0; i < 8; i++) m.tables[i] = t[2 * i + 1]!;
  m.strings += strings.length;
  m.units = b.units.length;
  m.unitRanges = b.unitRanges.length;
  m.unitOwners = b.unitRangeOwner.length;
  return part;
}
