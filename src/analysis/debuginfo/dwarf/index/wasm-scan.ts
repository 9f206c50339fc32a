// One instance of the WebAssembly scan (wasm/dwarf-scan.c) per index session: its memory
// holds .debug_abbrev and .debug_line_str (5 MB and 75 KB for Debian's 6.1 kernel), the
// chunk being scanned and the part's tables, and is dropped with the session. The module
// is compiled once per thread. Names stay .debug_str offsets: the scan never reads them.
import type { EntrySink } from './index-part';
import { DWARF_SCAN_WASM_BASE64 } from './wasm/dwarf-scan-wasm';

interface ScanExports {
  memory: WebAssembly.Memory;
  cl_alloc(size: number): number;
  cl_reset(): void;
  cl_tables(): number;
  cl_set_sections(
    abbrev: number,
    abbrevLength: number,
    lineStr: number,
    lineStrLength: number,
  ): void;
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

/** A .debug_abbrev larger than this is left to the TypeScript scan (it reads windows). */
export const MAX_SECTION_BYTES = 128 << 20;

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
  private chunkPtr = 0;
  private chunkCap = 0;
  private stringPtr = 0;
  private stringCap = 0;

  /**
   * `readAbbrev(target)` fills `target` with the whole .debug_abbrev (`abbrevSize` bytes);
   * `lineStr`: .debug_line_str, for unit names.
   */
  constructor(
    abbrevSize: number,
    readAbbrev: (target: Uint8Array) => void,
    lineStr: Uint8Array | undefined,
  ) {
    const mod = scanModule();
    if (!mod) throw new Error('WebAssembly DWARF scan unavailable');
    this.x = spare ?? instantiate(mod);
    spare = null;
    this.x.cl_reset();
    const abbrev = this.x.cl_alloc(abbrevSize);
    readAbbrev(new Uint8Array(this.x.memory.buffer, abbrev, abbrevSize));
    let lineStrPtr = 0;
    if (lineStr) {
      lineStrPtr = this.x.cl_alloc(lineStr.length);
      this.bytes.set(lineStr, lineStrPtr);
    }
    this.x.cl_set_sections(abbrev, abbrevSize, lineStrPtr, lineStr?.length ?? 0);
  }

  /** The memory as bytes (a fresh view: memory.grow detaches the old ones). */
  get bytes(): Uint8Array {
    return new Uint8Array(this.x.memory.buffer);
  }

  /** A region for a chunk of `length` bytes, reused while large enough. */
  chunk(length: number): number {
    if (length > this.chunkCap) {
      this.chunkCap = Math.max(length, 4 << 20);
      this.chunkPtr = this.x.cl_alloc(this.chunkCap);
    }
    return this.chunkPtr;
  }

  /** Name ref of a string of the part (one id space with the scan's inline names). */
  intern(str: string): number {
    const utf = encoder.encode(str);
    if (utf.length > this.stringCap) {
      this.stringCap = Math.max(utf.length, 4096);
      this.stringPtr = this.x.cl_alloc(this.stringCap);
    }
    this.bytes.set(utf, this.stringPtr);
    return this.x.cl_intern(this.stringPtr, utf.length);
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
