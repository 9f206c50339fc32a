// Location lists: DWARF 5 .debug_loclists (§2.6.2, entries DW_LLE_*, §7.7.3) and
// DWARF 2–4 .debug_loc (address pairs relative to the unit base, then a u16-length
// expression; base selection and (0, 0) end as in .debug_ranges). Expressions are
// returned as bytes; only DW_OP_addr / DW_OP_addrx are interpreted (staticAddress).
import { DW_LLE, DW_OP_addr, DW_OP_addrx, DW_OP_GNU_addr_index } from './constants';
import { DwarfReader } from './reader';
import {
  addrxValue,
  sectionReader,
  type SectionBytes,
  type SmallSections,
  type UnitBases,
} from './unit-bases';

export interface LocationEntry {
  /** [low, high) of the PCs where the expression applies; null for the default location. */
  low: bigint | null;
  high: bigint | null;
  expr: Uint8Array;
}

const MAX_ENTRIES = 1 << 20;

/** DWARF 5 location list at section offset `offset` of .debug_loclists. */
export function readLocList(
  sec: SectionBytes,
  offset: number,
  u: UnitBases,
  s: SmallSections,
): LocationEntry[] {
  const r = sectionReader(sec, offset, s, 'location list');
  const out: LocationEntry[] = [];
  const mask = (1n << BigInt(u.addressSize * 8)) - 1n;
  let base = u.baseAddress;
  const expr = (): Uint8Array =>
    r.bytesAt(r.uleb('location expression length'), 'location expression');
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const kind = r.u8('location list entry kind');
    switch (kind) {
      case DW_LLE.end_of_list:
        return out;
      case DW_LLE.base_addressx:
        base = addrxValue(r.uleb(), u, s);
        break;
      case DW_LLE.startx_endx: {
        const low = addrxValue(r.uleb(), u, s);
        const high = addrxValue(r.uleb(), u, s);
        out.push({ low, high, expr: expr() });
        break;
      }
      case DW_LLE.startx_length: {
        const low = addrxValue(r.uleb(), u, s);
        const high = (low + r.ulebBig()) & mask;
        out.push({ low, high, expr: expr() });
        break;
      }
      case DW_LLE.offset_pair: {
        const a = r.ulebBig();
        const b = r.ulebBig();
        out.push({ low: (base + a) & mask, high: (base + b) & mask, expr: expr() });
        break;
      }
      case DW_LLE.default_location:
        out.push({ low: null, high: null, expr: expr() });
        break;
      case DW_LLE.base_address:
        base = r.address(u.addressSize);
        break;
      case DW_LLE.start_end: {
        const low = r.address(u.addressSize);
        const high = r.address(u.addressSize);
        out.push({ low, high, expr: expr() });
        break;
      }
      case DW_LLE.start_length: {
        const low = r.address(u.addressSize);
        const high = (low + r.ulebBig()) & mask;
        out.push({ low, high, expr: expr() });
        break;
      }
      case DW_LLE.GNU_view_pair:
        // GCC location views (binutils readelf display_loclists_list): two ULEB view numbers.
        r.skipLeb();
        r.skipLeb();
        break;
      default:
        r.fail('a DW_LLE_* location list entry kind', `${kind}`, r.pos - 1);
    }
  }
  return r.fail(`a location list of at most ${MAX_ENTRIES} entries`, 'more');
}

/** DWARF 2–4 location list at offset `offset` of .debug_loc. */
export function readDebugLoc(
  sec: SectionBytes,
  offset: number,
  u: UnitBases,
  s: SmallSections,
): LocationEntry[] {
  const r = sectionReader(sec, offset, s, 'location list');
  const out: LocationEntry[] = [];
  const max = (1n << BigInt(u.addressSize * 8)) - 1n;
  let base = u.baseAddress;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const a = r.address(u.addressSize, 'location begin');
    const b = r.address(u.addressSize, 'location end');
    if (a === 0n && b === 0n) return out;
    if (a === max) {
      base = b;
      continue;
    }
    const expr = r.bytesAt(r.u16('location expression length'), 'location expression');
    out.push({ low: (base + a) & max, high: (base + b) & max, expr });
  }
  return r.fail(`a location list of at most ${MAX_ENTRIES} entries`, 'more');
}

/**
 * The static address of a variable whose location expression is exactly DW_OP_addr A
 * (or DW_OP_addrx / DW_OP_GNU_addr_index N), as GCC emits for globals; null otherwise.
 */
export function staticAddress(expr: Uint8Array, u: UnitBases, s: SmallSections): bigint | null {
  const r = new DwarfReader(expr, s.source, 0, s.littleEndian);
  if (expr.length === 0) return null;
  const op = r.u8();
  let addr: bigint;
  if (op === DW_OP_addr) {
    if (expr.length !== 1 + u.addressSize) return null;
    addr = r.address(u.addressSize);
  } else if (op === DW_OP_addrx || op === DW_OP_GNU_addr_index) {
    addr = addrxValue(r.uleb(), u, s);
  } else {
    return null;
  }
  return r.remaining === 0 ? addr : null;
}
