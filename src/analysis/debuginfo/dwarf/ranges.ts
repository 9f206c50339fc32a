// PC range lists: DWARF 5 .debug_rnglists (§2.17.3, entries DW_RLE_*, §7.25) and
// DWARF 2–4 .debug_ranges (§2.17.3 of DWARF 4: address pairs relative to the unit's base
// address; a pair whose begin is the largest address selects a new base; (0, 0) ends).
import { BadDataError } from '../../errors';
import { DW_RLE } from './constants';
import type { AttrValue } from './forms';
import {
  addrxValue,
  listxOffset,
  sectionReader,
  type SectionBytes,
  type SmallSections,
  type UnitBases,
} from './unit-bases';

/** [low, high) address pairs. */
export type PcRange = [bigint, bigint];

/** A list may not hold more entries than this (guards against garbage that never ends). */
const MAX_ENTRIES = 1 << 20;

/** The ranges of a DW_AT_ranges value of unit `u`. */
export function readRanges(v: AttrValue, u: UnitBases, s: SmallSections): PcRange[] {
  if (u.version >= 5) {
    const sec = s.rnglists;
    if (!sec)
      throw new BadDataError(s.source, 0, 'a .debug_rnglists section (DW_AT_ranges)', 'none');
    let offset: number;
    if (v.kind === 'rnglistx') offset = listxOffset(v.index, u.rnglistsBase, sec, u, s);
    else if (v.kind === 'sec_offset') offset = v.offset;
    else throw new BadDataError(s.source, sec.fileOffset, 'DW_AT_ranges of class rnglist', v.kind);
    return readRngList(sec, offset, u, s);
  }
  const sec = s.ranges;
  if (!sec) throw new BadDataError(s.source, 0, 'a .debug_ranges section (DW_AT_ranges)', 'none');
  let offset: number;
  if (v.kind === 'sec_offset') offset = v.offset;
  else if (v.kind === 'udata')
    offset = Number(v.value); // DWARF 2/3: data4/data8 as rangelistptr
  else
    throw new BadDataError(s.source, sec.fileOffset, 'DW_AT_ranges of class rangelistptr', v.kind);
  return readDebugRanges(sec, offset, u, s);
}

/** DWARF 5 range list at section offset `offset` of .debug_rnglists. */
export function readRngList(
  sec: SectionBytes,
  offset: number,
  u: UnitBases,
  s: SmallSections,
): PcRange[] {
  const r = sectionReader(sec, offset, s, 'range list');
  const out: PcRange[] = [];
  let base = u.baseAddress;
  const mask = (1n << BigInt(u.addressSize * 8)) - 1n;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const kind = r.u8('range list entry kind');
    switch (kind) {
      case DW_RLE.end_of_list:
        return out;
      case DW_RLE.base_addressx:
        base = addrxValue(r.uleb(), u, s);
        break;
      case DW_RLE.startx_endx: {
        const a = addrxValue(r.uleb(), u, s);
        out.push([a, addrxValue(r.uleb(), u, s)]);
        break;
      }
      case DW_RLE.startx_length: {
        const a = addrxValue(r.uleb(), u, s);
        out.push([a, (a + r.ulebBig()) & mask]);
        break;
      }
      case DW_RLE.offset_pair: {
        const a = r.ulebBig();
        const b = r.ulebBig();
        out.push([(base + a) & mask, (base + b) & mask]);
        break;
      }
      case DW_RLE.base_address:
        base = r.address(u.addressSize);
        break;
      case DW_RLE.start_end: {
        const a = r.address(u.addressSize);
        out.push([a, r.address(u.addressSize)]);
        break;
      }
      case DW_RLE.start_length: {
        const a = r.address(u.addressSize);
        out.push([a, (a + r.ulebBig()) & mask]);
        break;
      }
      default:
        r.fail('a DW_RLE_* range list entry kind (0 to 7)', `${kind}`, r.pos - 1);
    }
  }
  return r.fail(`a range list of at most ${MAX_ENTRIES} entries`, 'more');
}

/** DWARF 2–4 range list at offset `offset` of .debug_ranges. */
export function readDebugRanges(
  sec: SectionBytes,
  offset: number,
  u: UnitBases,
  s: SmallSections,
): PcRange[] {
  const r = sectionReader(sec, offset, s, '.debug_ranges list');
  const out: PcRange[] = [];
  const max = (1n << BigInt(u.addressSize * 8)) - 1n;
  let base = u.baseAddress;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const a = r.address(u.addressSize, 'range begin');
    const b = r.address(u.addressSize, 'range end');
    if (a === 0n && b === 0n) return out;
    if (a === max) base = b;
    else out.push([(base + a) & max, (base + b) & max]);
  }
  return r.fail(`a range list of at most ${MAX_ENTRIES} entries`, 'more');
}

/** True when `pc` lies in one of `ranges`. */
export function rangesContain(ranges: readonly PcRange[], pc: bigint): boolean {
  for (const [lo, hi] of ranges) if (pc >= lo && pc < hi) return true;
  return false;
}
