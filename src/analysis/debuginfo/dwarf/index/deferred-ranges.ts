// DW_AT_ranges the index workers left to the main thread, which holds .debug_rnglists
// and .debug_ranges: read into u32 halves ([lowLo, lowHi, highLo, highHi] per range),
// skipping ranges discarded at link time (low 0) and empty ones.
import type { AttrValue } from '../forms';
import { readRanges, type PcRange } from '../ranges';
import type { SmallSections, UnitBases } from '../unit-bases';
import * as U from './index-part';
import type { IndexPart } from './index-part';
import { rngListHalves } from './rnglist-halves';
import type { FunctionRows } from './function-table';
import { LOW } from './sorted-order';

/** The ranges of one part's deferred rows. */
export interface DeferredRanges {
  /** Ranges of units, [lowLo, lowHi, highLo, highHi] each, and their local unit indices. */
  unitRanges: ArrayLike<number>;
  unitOwners: ArrayLike<number>;
  functions: FunctionRows;
}

// u64 → u32 halves through a shared buffer: no BigInt arithmetic per range.
const pair64 = new BigUint64Array(2);
const pair32 = new Uint32Array(pair64.buffer);
const LO = LOW;
const HI = 1 - LOW;

/** Reads the deferred rows of `part`, whose local unit i is units[base + i]. */
export function readDeferredRanges(
  part: IndexPart,
  units: readonly UnitBases[],
  base: number,
  small: SmallSections,
): DeferredRanges {
  const unitRanges: number[] = [];
  const unitOwners: number[] = [];
  const fnRanges: number[] = [];
  const fnNames: number[] = [];
  const fnDies: number[] = [];
  const d = part.deferred;
  for (let i = 0; i < d.length; i += U.DEFERRED_FIELDS) {
    const unit = d[i + U.D_UNIT]!;
    const toUnit = d[i + U.D_OWNER] === 1;
    const ranges = toUnit ? unitRanges : fnRanges;
    const indexed = d[i + U.D_FORM] === 1;
    const value = d[i + U.D_VALUE]!;
    const row = unit * U.UNIT_FIELDS;
    let n = rngListHalves(
      small,
      part.units,
      row,
      indexed ? -1 : value,
      indexed ? value : 0,
      ranges,
    );
    if (n < 0) {
      const v: AttrValue = indexed
        ? { kind: 'rnglistx', index: value }
        : { kind: 'sec_offset', offset: value };
      n = pushRanges(readRanges(v, units[base + unit]!, small), ranges);
    }
    for (let k = 0; k < n; k++) {
      if (toUnit) unitOwners.push(unit);
      else {
        fnNames.push(d[i + U.D_NAME]!);
        fnDies.push(d[i + U.D_DIE]!);
      }
    }
  }
  return {
    unitRanges,
    unitOwners,
    functions: { ranges: fnRanges, names: fnNames, dies: fnDies, strings: part.strings },
  };
}

/** Appends the halves of each nonempty range with a nonzero low address; returns their count. */
function pushRanges(ranges: readonly PcRange[], out: number[]): number {
  let n = 0;
  for (const [lo, hi] of ranges) {
    if (lo === 0n || lo >= hi) continue;
    pair64[0] = lo;
    pair64[1] = hi;
    out.push(pair32[LO]!, pair32[HI]!, pair32[2 + LO]!, pair32[2 + HI]!);
    n++;
  }
  return n;
}
