// DWARF 5 range lists (.debug_rnglists, §2.17.3; DW_RLE_* §7.25) decoded straight into
// u32 halves without BigInt: the index merge reads ~10,000 of them for a kernel (GCC
// writes DW_RLE_start_length entries). Only 8-byte little-endian addresses; anything
// else, or anything malformed, is left to ranges.ts (which reports errors).
import { DW_RLE } from '../constants';
import type { SectionBytes, SmallSections } from '../unit-bases';
import * as U from './index-part';

const TWO32 = 0x100000000;
const MAX_ENTRIES = 1 << 20;

// Results of the helpers below (no allocation per entry): a read position, an address.
let pos = 0;
let rLo = 0;
let rHi = 0;

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** The 8-byte address at `at` into rLo/rHi; false past the end. */
function address(b: Uint8Array, at: number): boolean {
  if (at < 0 || at + 8 > b.length) return false;
  rLo = u32(b, at);
  rHi = u32(b, at + 4);
  return true;
}

/** The address at pos (advanced), or, when `indexed`, entry ULEB128 of .debug_addr. */
function start(
  b: Uint8Array,
  indexed: boolean,
  addr: SectionBytes | undefined,
  addrBase: number,
): boolean {
  if (indexed) {
    const i = uleb(b);
    return !!addr && i >= 0 && address(addr.bytes, addrBase + 8 * i - (addr.start ?? 0));
  }
  pos += 8;
  return address(b, pos - 8);
}

/** The ULEB128 at pos (advanced), or -1 past the end or at 2^49 and above. */
function uleb(b: Uint8Array): number {
  let v = 0;
  for (let scale = 1; pos < b.length && scale < 2 ** 49; scale *= 128) {
    const x = b[pos++]!;
    v += (x & 0x7f) * scale;
    if (x < 0x80) return v;
  }
  return -1;
}

/** (hi:lo) + n (0 <= n < 2^49) wrapped to 64 bits, into rLo/rHi. */
function add(lo: number, hi: number, n: number): void {
  const s = lo + n;
  rLo = s % TWO32;
  rHi = (hi + (s - rLo) / TWO32) % TWO32;
}

/**
 * Appends [lowLo, lowHi, highLo, highHi] per nonempty range with a nonzero low address
 * (zero: discarded at link time) of a list of the unit whose IndexPart row starts at
 * units[row]: the list at section offset `offset`, or the unit's list `index`
 * (DW_FORM_rnglistx) when offset < 0. Returns the number of ranges appended, or -1
 * (appending nothing) when the list needs the general reader.
 */
export function rngListHalves(
  s: SmallSections,
  units: Float64Array,
  row: number,
  offset: number,
  index: number,
  out: number[],
): number {
  const sec = s.rnglists;
  const version = units[row + U.U_VERSION]!;
  if (!sec || !s.littleEndian || version < 5 || units[row + U.U_ADDRESS_SIZE] !== 8) return -1;
  const b = sec.bytes;
  const first = sec.start ?? 0;
  if (offset < 0) {
    const base = units[row + U.U_RNGLISTS_BASE]!;
    const at = base + index * 4 - first;
    if (units[row + U.U_OFFSET_SIZE] !== 4 || at < 0 || at + 4 > b.length) return -1;
    offset = base + u32(b, at);
  }
  pos = (offset - first) | 0; // an int32 for V8 (a part's offsets are doubles)
  if (pos < 0) return -1;
  const before = out.length;
  const addrBase = units[row + U.U_ADDR_BASE]!;
  let baseLo = units[row + U.U_BASE_LO]! >>> 0;
  let baseHi = units[row + U.U_BASE_HI]! >>> 0;
  for (let n = 0; n < MAX_ENTRIES && pos < b.length; n++) {
    const kind = b[pos++]!;
    if (kind === DW_RLE.end_of_list) return (out.length - before) / 4;
    if (kind === DW_RLE.base_address || kind === DW_RLE.base_addressx) {
      if (!start(b, kind === DW_RLE.base_addressx, s.addr, addrBase)) break;
      baseLo = rLo;
      baseHi = rHi;
      continue;
    }
    // The range's start into lo/hi, its end into rLo/rHi.
    let lo: number;
    let hi: number;
    if (kind === DW_RLE.offset_pair) {
      const a = uleb(b);
      const c = uleb(b);
      if (a < 0 || c < 0) break;
      add(baseLo, baseHi, a);
      lo = rLo;
      hi = rHi;
      add(baseLo, baseHi, c);
    } else {
      const indexed = kind === DW_RLE.startx_endx || kind === DW_RLE.startx_length;
      const length = kind === DW_RLE.startx_length || kind === DW_RLE.start_length;
      if (!indexed && kind !== DW_RLE.start_end && kind !== DW_RLE.start_length) break;
      if (!start(b, indexed, s.addr, addrBase)) break;
      lo = rLo;
      hi = rHi;
      if (length) {
        const n = uleb(b);
        if (n < 0) break;
        add(lo, hi, n);
      } else if (!start(b, indexed, s.addr, addrBase)) break;
    }
    if ((lo !== 0 || hi !== 0) && (hi < rHi || (hi === rHi && lo < rLo)))
      out.push(lo, hi, rLo, rHi);
  }
  out.length = before;
  return -1;
}
