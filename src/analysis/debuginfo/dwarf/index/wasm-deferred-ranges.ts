// The parts' DW_AT_ranges rows read by the WebAssembly module (wasm/rnglists.c), which
// reads DWARF 5 .debug_rnglists lists of 8-byte addresses as rnglist-halves.ts does:
// compiled code for the merge, which runs cold on the main thread while the index
// workers hold the cores. A part with a list it leaves goes to readDeferredRanges whole.
import type { SmallSections } from '../unit-bases';
import type { DeferredRanges } from './deferred-ranges';
import * as U from './index-part';
import type { IndexPart } from './index-part';
import { Region, type WasmHeap } from './wasm-region';
import { scanModule } from './wasm-scan';

interface RangeExports extends WasmHeap {
  rl_init(
    rng: number,
    rngLength: number,
    rngStart: number,
    addr: number,
    addrLength: number,
    addrStart: number,
  ): void;
  rl_read(rows: number, n: number, units: number, unitCount: number): number;
  rl_results(): number;
}

export class WasmDeferredRanges {
  private readonly x: RangeExports;
  private readonly scratch: Region;

  /** The reader for `small`'s .debug_rnglists, or null where it cannot run (the caller reads them). */
  static create(small: SmallSections): WasmDeferredRanges | null {
    const mod = small.rnglists && small.littleEndian ? scanModule() : null;
    return mod ? new WasmDeferredRanges(mod, small) : null;
  }

  private constructor(mod: WebAssembly.Module, small: SmallSections) {
    this.x = new WebAssembly.Instance(mod, {}).exports as unknown as RangeExports;
    const place = (b: Uint8Array | undefined): number => {
      if (!b?.length) return 0;
      const at = this.x.cl_alloc(b.length);
      new Uint8Array(this.x.memory.buffer).set(b, at);
      return at;
    };
    const { rnglists, addr } = small;
    this.x.rl_init(
      place(rnglists?.bytes),
      rnglists?.bytes.length ?? 0,
      rnglists?.start ?? 0,
      place(addr?.bytes),
      addr?.bytes.length ?? 0,
      addr?.start ?? 0,
    );
    this.scratch = new Region(this.x);
  }

  /** The ranges of `part`'s deferred rows, or null when one needs readDeferredRanges. */
  read(part: IndexPart): DeferredRanges | null {
    const { deferred, units } = part;
    const at = this.scratch.reserve(8 * (deferred.length + units.length));
    let buf = this.x.memory.buffer;
    new Float64Array(buf, at, deferred.length).set(deferred);
    const unitsAt = at + 8 * deferred.length;
    new Float64Array(buf, unitsAt, units.length).set(units);
    if (
      this.x.rl_read(
        at,
        deferred.length / U.DEFERRED_FIELDS,
        unitsAt,
        units.length / U.UNIT_FIELDS,
      ) < 0
    )
      return null;
    buf = this.x.memory.buffer; // the results may have grown the memory
    const t = new Uint32Array(buf, this.x.rl_results(), 10);
    return {
      functions: {
        ranges: new Uint32Array(buf, t[0], t[1]).slice(),
        names: new Float64Array(buf, t[4], t[5]).slice(),
        dies: new Float64Array(buf, t[6], t[7]).slice(),
        strings: part.strings,
      },
      unitRanges: new Uint32Array(buf, t[2], t[3]).slice(),
      unitOwners: new Int32Array(buf, t[8], t[9]).slice(),
    };
  }
}
