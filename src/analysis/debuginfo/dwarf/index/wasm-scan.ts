// One instance of the WebAssembly scan (wasm/dwarf-scan.c) per index session: its memory
// holds a window of .debug_abbrev, .debug_line_str (75 KB for Debian's 6.1 kernel), the
// chunk being scanned and the part's tables, and is dropped with the session. The module
// is compiled once per thread. Names stay .debug_str offsets: the scan never reads them.
import type { EntrySink } from './index-part';
import { Region, type WasmHeap } from './wasm-region';
import { DWARF_SCAN_WASM_BASE64 } from './wasm/dwarf-scan-wasm';

interface ScanExports extends WasmHeap {
  cl_reset(): void;
  cl_tables(): number;
  cl_set_sections(abbrevSize: number, lineStr: number, lineStrLength: number): void;
  cl_set_abbrev(window: number, length: number, base: number): void;
  cl_abbrev_need(): number;
  cl_scan_chunk(
    chunk: number,
    length: number,
    pos: number,
    chunkBase: number,
    typesSection: number,
    firstIndex: number,
  ): number;
  cl_status(): number;
  cl_intern(s: number, n: number): number;
  cl_add_type(kind: number, name: number, die: number, decl: number): void;
  cl_add_variable(name: number, die: number, decl: number): void;
  cl_add_function(
    name: number,
    die: number,
    lowLo: number,
    lowHi: number,
    highLo: number,
    highHi: number,
  ): void;
  cl_defer(
    owner: number,
    unit: number,
    die: number,
    name: number,
    kind: number,
    value: number,
  ): void;
  cl_unit_rows(): number;
}

/** cl_status: the unit where cl_scan_chunk stopped is the TypeScript scan's. */
export const STATUS_TYPESCRIPT = 1;

/** cl_status: the unit's abbreviation table is not in the window (WasmScan.readAbbrevWindow). */
export const STATUS_NEED_ABBREV = 2;

/** Bytes of .debug_abbrev read at a time by default (its tables follow the units' order). */
const ABBREV_WINDOW = 256 << 10;

const encoder = new TextEncoder();

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module (index/wasm/*.c), once per thread; null where WebAssembly cannot run. */
export function scanModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bin = atob(DWARF_SCAN_WASM_BASE64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null; // no WebAssembly here (or not allowed): the TypeScript scan runs
    }
  }
  return compiled;
}

/** Whether this thread can run the WebAssembly scan. */
export function wasmScanAvailable(): boolean {
  return typeof WebAssembly === 'object' && scanModule() !== null;
}

/** An instance made before it was needed, for the next session to take. */
let spare: ScanExports | null = null;

function instantiate(mod: WebAssembly.Module): ScanExports {
  return new WebAssembly.Instance(mod, {}).exports as unknown as ScanExports;
}

/**
 * Compiles the module and makes the first session's instance (an index worker calls it
 * as it starts, so that its first chunk need not wait for either).
 */
export function prepareWasmScan(): void {
  const mod = wasmScanAvailable() ? scanModule() : null;
  if (mod && !spare) spare = instantiate(mod);
}

export class WasmScan implements EntrySink {
  readonly x: ScanExports;
  private readonly chunks: Region;
  private readonly strings: Region;
  private readonly abbrev: Region;
  private abbrevBase = -1;
  private abbrevLength = 0;

  /**
   * `readAbbrev(offset, target)` fills `target` with .debug_abbrev (`abbrevSize` bytes)
   * from section offset `offset`, `window` bytes at a time (more for a larger table);
   * `lineStr`: .debug_line_str, for unit names.
   */
  constructor(
    private readonly abbrevSize: number,
    private readonly readAbbrev: (offset: number, target: Uint8Array) => void,
    lineStr: Uint8Array | undefined,
    private readonly window = ABBREV_WINDOW,
  ) {
    const mod = scanModule();
    if (!mod) throw new Error('WebAssembly DWARF scan unavailable');
    this.x = spare ?? instantiate(mod);
    spare = null;
    this.x.cl_reset();
    this.chunks = new Region(this.x);
    this.strings = new Region(this.x);
    this.abbrev = new Region(this.x);
    let lineStrPtr = 0;
    if (lineStr) {
      lineStrPtr = this.x.cl_alloc(lineStr.length);
      this.bytes.set(lineStr, lineStrPtr);
    }
    this.x.cl_set_sections(abbrevSize, lineStrPtr, lineStr?.length ?? 0);
  }

  /**
   * Reads the window of .debug_abbrev the scan asked for (STATUS_NEED_ABBREV): from the
   * table it needs, twice the last window when that started there too (a larger table).
   */
  readAbbrevWindow(): void {
    const at = this.x.cl_abbrev_need();
    const want = Math.min(
      at === this.abbrevBase ? 2 * this.abbrevLength : this.window,
      this.abbrevSize - at,
    );
    const ptr = this.abbrev.reserve(Math.max(want, this.window));
    this.readAbbrev(at, new Uint8Array(this.x.memory.buffer, ptr, want));
    this.abbrevBase = at;
    this.abbrevLength = want;
    this.x.cl_set_abbrev(ptr, want, at);
  }

  /** The memory as bytes (a fresh view: memory.grow detaches the old ones). */
  get bytes(): Uint8Array {
    return new Uint8Array(this.x.memory.buffer);
  }

  /** A region for a chunk of `length` bytes, reused while large enough. */
  chunk(length: number): number {
    return this.chunks.reserve(Math.max(length, 4 << 20));
  }

  /** Name ref of a string of the part (one id space with the scan's inline names). */
  intern(str: string): number {
    const utf = encoder.encode(str);
    const ptr = this.strings.reserve(utf.length);
    this.bytes.set(utf, ptr);
    return this.x.cl_intern(ptr, utf.length);
  }

  addType(typeKind: number, name: number, die: number, decl: boolean): void {
    this.x.cl_add_type(typeKind, name, die, decl ? 1 : 0);
  }

  addVariable(name: number, die: number, decl: boolean): void {
    this.x.cl_add_variable(name, die, decl ? 1 : 0);
  }

  addFunctionRange(
    name: number,
    die: number,
    lowLo: number,
    lowHi: number,
    highLo: number,
    highHi: number,
  ): void {
    this.x.cl_add_function(name, die, lowLo, lowHi, highLo, highHi);
  }

  defer(
    owner: number,
    unit: number,
    die: number,
    name: number,
    rnglistx: boolean,
    value: number,
  ): void {
    this.x.cl_defer(owner, unit, die, name, rnglistx ? 1 : 0, value);
  }

  /** [ptr, length] of each table, in cl_tables order. */
  tables(): Uint32Array {
    return new Uint32Array(this.x.memory.buffer, this.x.cl_tables(), 16).slice();
  }

  /** [ptr, length] of the unit rows, unit ranges and their owners of the last chunk call. */
  unitRows(): Uint32Array {
    return new Uint32Array(this.x.memory.buffer, this.x.cl_unit_rows(), 6).slice();
  }
}
