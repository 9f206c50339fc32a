// The few host globals that src/analysis uses, declared without the DOM lib so that an
// accidental DOM dependency fails `tsc -p tsconfig.analysis.json`. Both browsers and
// Node provide them.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare function setTimeout(cb: () => void, ms?: number): unknown;
declare const performance: { now(): number };
declare function atob(data: string): string;
/** The part of the WebAssembly JS API that the DWARF index scan uses (index/wasm-scan.ts). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
}
