import { describe, expect, it } from 'vitest';
import { DW_RLE } from '../constants';
import type { AttrValue } from '../forms';
import { readRanges } from '../ranges';
import type { SmallSections, UnitBases } from '../unit-bases';
import * as U from './index-part';
import { readDeferredRanges } from './deferred-ranges';
import type { IndexPart } from './index-part';
import { rngListHalves } from './rnglist-halves';
import { WasmDeferredRanges } from './wasm-deferred-ranges';

const uleb = (n: bigint): number[] => {
  const out: number[] = [];
  do {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    out.push(n ? b | 0x80 : b);
  } while (n);
  return out;
};
const u64 = (v: bigint): number[] =>
  Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
const u32 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];

const BASE = 0xffffffff81000000n;
const ADDRS = [0xffffffff81200000n, 0xffffffff81200100n, 0x1_0000_0000n - 0x10n];

/** A .debug_rnglists with the offsets array of one unit (base 12) and two lists. */
function sections(): { small: SmallSections; lists: number[] } {
  const header = new Array<number>(12).fill(0); // unit_length..offset_entry_count, unchecked
  const list1 = [
    DW_RLE.offset_pair,
    ...uleb(0x10n),
    ...uleb(0x20n),
    DW_RLE.offset_pair,
    ...uleb(0x30n),
    ...uleb(0x30n), // empty
    DW_RLE.base_addressx,
    ...uleb(0n),
    DW_RLE.offset_pair,
    ...uleb(0x1n),
    ...uleb(0x1_0000_0000n), // the end wraps past 2^64
    DW_RLE.startx_endx,
    ...uleb(0n),
    ...uleb(1n),
    DW_RLE.startx_length,
    ...uleb(2n),
    ...uleb(0x20n), // crosses 2^32
    DW_RLE.base_address,
    ...u64(0xffffffffc0000000n),
    DW_RLE.offset_pair,
    ...uleb(0n),
    ...uleb(8n),
    DW_RLE.start_end,
    ...u64(0x1000n),
    ...u64(0x2000n),
    DW_RLE.start_end,
    ...u64(0n),
    ...u64(0x10n), // discarded at link time
    DW_RLE.start_length,
    ...u64(0xfffffffffffffff0n),
    ...uleb(0x20n), // wraps past 2^64
    DW_RLE.start_length,
    ...u64(0xffffffff81300000n),
    ...uleb(0x123456n),
    DW_RLE.end_of_list,
  ];
  const list2 = [DW_RLE.start_length, ...u64(0xffffffff81400000n), ...uleb(0x40n), 0];
  const offsets = [8, 8 + list1.length]; // relative to the offsets array
  const bytes = [...header, ...u32(offsets[0]!), ...u32(offsets[1]!), ...list1, ...list2];
  const addr = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, ...ADDRS.flatMap(u64)]);
  return {
    small: {
      source: 'test',
      littleEndian: true,
      rnglists: { bytes: Uint8Array.from(bytes), fileOffset: 0 },
      addr: { bytes: addr, fileOffset: 0 },
    },
    lists: [12 + offsets[0]!, 12 + offsets[1]!],
  };
}

const unit: UnitBases = {
  offset: 0,
  version: 5,
  addressSize: 8,
  offsetSize: 4,
  strOffsetsBase: 8,
  addrBase: 8,
  rnglistsBase: 12,
  loclistsBase: 12,
  baseAddress: BASE,
};

function row(u: UnitBases): Float64Array {
  const r = new Float64Array(U.UNIT_FIELDS);
  r[U.U_VERSION] = u.version;
  r[U.U_ADDRESS_SIZE] = u.addressSize;
  r[U.U_OFFSET_SIZE] = u.offsetSize;
  r[U.U_ADDR_BASE] = u.addrBase;
  r[U.U_RNGLISTS_BASE] = u.rnglistsBase;
  r[U.U_BASE_LO] = Number(u.baseAddress & 0xffffffffn);
  r[U.U_BASE_HI] = Number(u.baseAddress >> 32n);
  return r;
}

/** ranges.ts' answer in the fast path's form. */
function expected(v: AttrValue, small: SmallSections): number[] {
  return readRanges(v, unit, small)
    .filter(([lo, hi]) => lo !== 0n && lo < hi)
    .flatMap(([lo, hi]) => [lo, hi])
    .flatMap((a) => [Number(a & 0xffffffffn), Number(a >> 32n)]);
}

describe('rngListHalves', () => {
  it('agrees with readRanges on every DW_RLE kind, by offset and by index', () => {
    const { small, lists } = sections();
    for (const [i, offset] of lists.entries()) {
      const out: number[] = [];
      expect(rngListHalves(small, row(unit), 0, offset, 0, out)).toBe(out.length / 4);
      expect(out).toEqual(expected({ kind: 'sec_offset', offset }, small));
      const byIndex: number[] = [];
      rngListHalves(small, row(unit), 0, -1, i, byIndex);
      expect(byIndex).toEqual(out);
    }
    // Kept: 6 of the 12 ranges (empty, wrapped and discarded ones go).
    expect(expected({ kind: 'sec_offset', offset: lists[0]! }, small).length / 4).toBe(6);
  });

  it('leaves other units and malformed lists to the general reader, appending nothing', () => {
    const { small, lists } = sections();
    const out = [1, 2, 3, 4];
    for (const u of [
      { ...unit, version: 4 },
      { ...unit, addressSize: 4 },
    ])
      expect(rngListHalves(small, row(u), 0, lists[0]!, 0, out)).toBe(-1);
    const truncated: SmallSections = {
      ...small,
      rnglists: { bytes: small.rnglists!.bytes.subarray(0, lists[1]! + 4), fileOffset: 0 },
    };
    expect(rngListHalves(truncated, row(unit), 0, lists[1]!, 0, out)).toBe(-1);
    expect(rngListHalves({ ...small, littleEndian: false }, row(unit), 0, 20, 0, out)).toBe(-1);
    expect(rngListHalves(small, row(unit), 0, -1, 1 << 20, out)).toBe(-1);
    expect(out).toEqual([1, 2, 3, 4]);
  });
});

/** A part of two units whose deferred rows (D_* fields) are `rows`. */
function part(rows: number[][], units = [unit, unit]): IndexPart {
  const unitRows = new Float64Array(units.length * U.UNIT_FIELDS);
  units.forEach((u, i) => unitRows.set(row(u), i * U.UNIT_FIELDS));
  return {
    strings: ['f'],
    units: unitRows,
    unitRanges: new Uint32Array(0),
    unitRangeOwner: new Int32Array(0),
    types: new Float64Array(0),
    variables: new Float64Array(0),
    functionRanges: new Uint32Array(0),
    functionName: new Float64Array(0),
    functionDie: new Float64Array(0),
    deferred: Float64Array.from(rows.flat()),
  };
}

/** Typed arrays as plain arrays, to compare the two readers' answers. */
const plain = (r: ReturnType<typeof readDeferredRanges>) => ({
  unitRanges: Array.from(r.unitRanges),
  unitOwners: Array.from(r.unitOwners),
  functions: {
    ranges: Array.from(r.functions.ranges),
    names: Array.from(r.functions.names),
    dies: Array.from(r.functions.dies),
    strings: r.functions.strings,
  },
});

describe('WasmDeferredRanges', () => {
  it('reads the deferred rows of a part as readDeferredRanges does', () => {
    const { small, lists } = sections();
    const wasm = WasmDeferredRanges.create(small)!;
    // [owner, unit, die, name, form (1: rnglistx), value]
    const p = part([
      [0, 0, 0x100, -1, 0, lists[0]!],
      [1, 1, 0x200, NaN, 1, 1],
      [0, 1, 0x300, 77, 1, 0],
      [1, 0, 0x400, NaN, 0, lists[1]!],
    ]);
    const got = wasm.read(p)!;
    const want = readDeferredRanges(p, [unit, unit], 0, small);
    expect(plain(got)).toEqual(plain(want));
    expect(got.functions.ranges.length / 4).toBe(12);
    expect(got.unitRanges.length / 4).toBe(2);
    // The instance is reused part after part.
    expect(plain(wasm.read(part([[0, 0, 1, 2, 0, lists[1]!]]))!)).toEqual(
      plain(readDeferredRanges(part([[0, 0, 1, 2, 0, lists[1]!]]), [unit, unit], 0, small)),
    );
  });

  it('leaves a part to readDeferredRanges when one list is not its kind', () => {
    const { small, lists } = sections();
    const wasm = WasmDeferredRanges.create(small)!;
    const ok = [0, 0, 0x100, -1, 0, lists[0]!];
    expect(
      wasm.read(part([ok, [0, 1, 0x100, -1, 0, lists[0]!]], [unit, { ...unit, version: 4 }])),
    ).toBeNull();
    expect(wasm.read(part([ok, [0, 0, 0x100, -1, 1, 1 << 20]]))).toBeNull();
    expect(wasm.read(part([ok, [0, 2, 0x100, -1, 0, lists[0]!]]))).toBeNull(); // no unit 2
    const truncated: SmallSections = {
      ...small,
      rnglists: { bytes: small.rnglists!.bytes.subarray(0, lists[1]! + 4), fileOffset: 0 },
    };
    expect(
      WasmDeferredRanges.create(truncated)!.read(part([[0, 0, 1, 2, 0, lists[1]!]])),
    ).toBeNull();
    expect(WasmDeferredRanges.create({ ...small, littleEndian: false })).toBeNull();
    expect(WasmDeferredRanges.create({ ...small, rnglists: undefined })).toBeNull();
  });
});
