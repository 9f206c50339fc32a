// Scans whole units with the WebAssembly scan (wasm-scan.ts), unit by unit: the header is
// read here, the table compiled and the DIEs walked in WebAssembly, the unit DIE's row
// filled in here from the slots the scan recorded (unit-row.ts). A unit whose table the
// WebAssembly code does not handle, or whose DIEs it finds bad, goes to the TypeScript
// scan (scan-unit.ts), which indexes it or reports the bad data.
import { BadDataError } from '../../../errors';
import { withAbbrevWindow } from '../abbrev-window';
import type { AbbrevLookup } from '../abbrev';
import { DwarfReader } from '../reader';
import { newDieUnit } from '../unit-die';
import { readUnitHeader, type UnitHeader } from '../unit-header';
import * as P from './abbrev-program';
import type { IndexPart } from './index-part';
import { recForm, recPos } from './scan-dies';
import { scanUnit, type ScanState } from './scan-unit';
import { pushUnitRow, recordUnitDie } from './unit-row';
import { COMPILED, CUT, type WasmScan } from './wasm-scan';

/** Units scanned by this thread, and how many of them went to the TypeScript scan. */
export const wasmScanStats = { units: 0, fallbacks: 0 };

const NO_ABBREVS: AbbrevLookup = { offset: -1, get: () => undefined };
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
  for (let pos = 0; pos < length;) {
    const r = new DwarfReader(
      chunkBytes(w, ptr, length),
      st.small.source,
      fileOffset,
      st.small.littleEndian,
    );
    r.pos = pos;
    const h = readUnitHeader(r, start, typesSection);
    wasmScanStats.units++;
    if (compileFor(st, w, h)) scanUnitWasm(st, w, h, ptr, length, start, fileOffset);
    else {
      wasmScanStats.fallbacks++;
      scanUnit(st, h, chunkBytes(w, ptr, length), start, fileOffset);
    }
    pos = h.end - start;
  }
}

function chunkBytes(w: WasmScan, ptr: number, length: number): Uint8Array {
  return new Uint8Array(w.x.memory.buffer, ptr, length);
}

/** Compiles the unit's table in WebAssembly; false: the TypeScript scan takes the unit. */
function compileFor(st: ScanState, w: WasmScan, h: UnitHeader): boolean {
  const key = `${h.abbrevOffset}/${h.addressSize}/${h.offsetSize}/${h.version}`;
  if (w.programKey === key) return true;
  w.programKey = '';
  // The window lives in the scan's memory (a fresh view: growing the memory detaches it).
  st.abbrevScratch.bytes = w.abbrevWindow();
  try {
    withAbbrevWindow(
      st.reader,
      st.abbrev,
      st.small.source,
      h.abbrevOffset,
      (bytes) => {
        const r = w.x.cl_compile(
          w.place(bytes),
          bytes.length,
          h.addressSize,
          h.offsetSize,
          h.version,
        );
        // Cut by the window end: this error makes withAbbrevWindow read a larger one.
        if (r === CUT) throw new BadDataError(st.small.source, 0, 'a whole table', 'window end');
        if (r !== COMPILED) throw new UnsupportedTable();
      },
      st.abbrevScratch,
    );
  } catch (e) {
    if (e instanceof UnsupportedTable || e instanceof BadDataError) return false;
    throw e;
  }
  w.programKey = key;
  return true;
}

class UnsupportedTable extends Error {}

function scanUnitWasm(
  st: ScanState,
  w: WasmScan,
  h: UnitHeader,
  ptr: number,
  length: number,
  start: number,
  fileOffset: number,
): void {
  const b = st.builder;
  pushUnitRow(b, h);
  const index = b.unitCount - 1;
  let status: number;
  try {
    status = w.x.cl_scan_unit(
      ptr,
      start,
      h.offset - start,
      h.dieOffset - start,
      h.end - start,
      index,
    );
  } catch {
    status = -100; // a trap (memory access out of bounds) on bad data
  }
  const bytes = chunkBytes(w, ptr, length);
  if (status < 0) {
    // The TypeScript scan names what is bad; it should throw.
    scanUnit(st, h, bytes, start, fileOffset);
    throw new BadDataError(
      st.small.source,
      fileOffset + (h.offset - start),
      'DIEs the index can walk',
      `a unit the WebAssembly scan stopped in (status ${status})`,
    );
  }
  const info = new Uint32Array(w.x.memory.buffer, w.x.cl_unit_info(), 2 + 2 * P.SLOTS);
  const code = info[0]!;
  if (code === 0) return;
  for (let s = 0; s < P.SLOTS; s++) {
    recPos[s] = info[2 + 2 * s]!;
    recForm[s] = info[3 + 2 * s]!;
  }
  const u = newDieUnit(h, NO_ABBREVS, bytes, start, fileOffset, st.small);
  recordUnitDie(st, u, info[1]!, (slot) => w.x.cl_implicit(code, slot));
}

/**
 * The part with the tables the WebAssembly scan built appended; its inline-string name
 * refs move past the part's own strings.
 */
export function withWasmTables(part: IndexPart, w: WasmScan): IndexPart {
  const t = w.tables();
  const buf = w.x.memory.buffer;
  const f64 = (i: number) => new Float64Array(buf, t[2 * i], t[2 * i + 1]);
  const shift = part.strings.length;
  const remap = (a: Float64Array, stride: number, col: number): Float64Array => {
    for (let i = col; i < a.length; i += stride) if (a[i]! < 0) a[i] = a[i]! - shift;
    return a;
  };
  const strBytes = new Uint8Array(buf, t[12], t[13]);
  const strIndex = new Uint32Array(buf, t[14], t[15]);
  const strings = part.strings.slice();
  for (let k = 0; k < strIndex.length; k += 2) {
    strings.push(utf8.decode(strBytes.subarray(strIndex[k], strIndex[k]! + strIndex[k + 1]!)));
  }
  return {
    ...part,
    strings,
    types: concat(part.types, remap(f64(0).slice(), 4, 1)),
    variables: concat(part.variables, remap(f64(1).slice(), 3, 0)),
    functionRanges: concatU32(part.functionRanges, new Uint32Array(buf, t[4], t[5])),
    functionName: concat(part.functionName, remap(f64(3).slice(), 1, 0)),
    functionDie: concat(part.functionDie, f64(4)),
    deferred: concat(part.deferred, remap(f64(5).slice(), 6, 3)),
  };
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function concatU32(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
