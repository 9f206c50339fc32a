// One instance of the WebAssembly scan (wasm/dwarf-scan.c) per index session: its memory
// holds the chunk being scanned, the .debug_abbrev window and the part's tables, and is
// dropped with the session. The module is compiled once per thread.
import { DWARF_SCAN_WASM_BASE64 } from './wasm/dwarf-scan-wasm';

interface ScanExports {
  memory: WebAssembly.Memory;
  cl_alloc(size: number): number;
  cl_reset(): void;
  cl_tables(): number;
  cl_compile(
    table: number,
    len: number,
    addrSize: number,
    offSize: number,
    version: number,
  ): number;
  cl_unit_info(): number;
  cl_implicit(code: number, slot: number): number;
  cl_scan_unit(
    chunk: number,
    chunkBase: number,
    start: number,
    dieAt: number,
    end: number,
    index: number,
  ): number;
}

/** cl_compile results. */
export const COMPILED = 1;
export const UNSUPPORTED = 0;
export const CUT = 2;

let compiled: WebAssembly.Module | null | undefined;

function scanModule(): WebAssembly.Module | null {
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

export class WasmScan {
  readonly x: ScanExports;
  private chunkPtr = 0;
  private chunkCap = 0;
  private tmpPtr = 0;
  private tmpCap = 0;
  private abbrevPtr = 0;
  /** abbrevOffset/addressSize/offsetSize/version of the last compiled table. */
  programKey = '';

  constructor() {
    const mod = scanModule();
    if (!mod) throw new Error('WebAssembly DWARF scan unavailable');
    this.x = new WebAssembly.Instance(mod, {}).exports as unknown as ScanExports;
    this.x.cl_reset();
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

  /** The region for .debug_abbrev windows (256 KiB, see abbrev-window.ts), as fresh bytes. */
  abbrevWindow(): Uint8Array {
    this.abbrevPtr ||= this.x.cl_alloc(256 << 10);
    return new Uint8Array(this.x.memory.buffer, this.abbrevPtr, 256 << 10);
  }

  /** Address in memory of `b`: its own when it is a view of the memory, else a copy. */
  place(b: Uint8Array): number {
    if (b.buffer === this.x.memory.buffer) return b.byteOffset;
    if (b.length > this.tmpCap) {
      this.tmpCap = Math.max(b.length, 256 << 10);
      this.tmpPtr = this.x.cl_alloc(this.tmpCap);
    }
    this.bytes.set(b, this.tmpPtr);
    return this.tmpPtr;
  }

  /** [ptr, length] of each table, in cl_tables order. */
  tables(): Uint32Array {
    return new Uint32Array(this.x.memory.buffer, this.x.cl_tables(), 16).slice();
  }
}
