// The hot loop of the index (drgn: libdrgn/dwarf_info.c index_cu): runs the compiled
// abbreviation programs over the DIEs of one unit, skipping children through DW_AT_sibling
// when present and descending otherwise. Bounds: a DIE may run past the unit only through
// fixed-size skips or LEB reads of undefined bytes (which end at once); every DIE start and
// end is checked against the unit end, and a sibling must point forward within the unit.
import { BadDataError } from '../../../errors';
import { DW_FORM } from '../constants';
import type { DieUnit } from '../die';
import { readForm } from '../forms';
import { DwarfReader } from '../reader';
import * as P from './abbrev-program';
import { record } from './record-die';
import { recordUnitDie } from './unit-row';
import type { ScanState } from './scan-unit';

// Recorded attribute positions (index into bytes) and forms, per slot.
export const recPos = new Int32Array(P.SLOTS);
export const recForm = new Int32Array(P.SLOTS);

/**
 * Walks the DIEs of a unit from its unit DIE (at section offset `first`): hands the unit
 * DIE to `recordUnitDie`, then calls `record` for each depth-1 DIE whose tag the index
 * wants, with the positions of its recorded slots in `recPos`/`recForm`.
 */
export function scanDies(st: ScanState, prog: P.AbbrevProgram, u: DieUnit, first: number): void {
  const b = u.bytes;
  const start = u.start;
  const end = u.header.end - start;
  const { ops, kind, hasChildren, slots } = prog;
  const opStart = prog.start;
  const nCodes = opStart.length;
  const le = u.littleEndian;
  let pos = first - start;
  let depth = 0;
  for (;;) {
    if (pos >= end) {
      if (pos > end) badDie(u, pos, 'DIE within the unit', 'data past the unit end');
      return; // a unit may end without its final 0 codes
    }
    const dieStart = pos;
    let code = b[pos++]!;
    if (code >= 0x80) {
      code &= 0x7f;
      let mul = 128;
      let byte: number;
      do {
        byte = b[pos++] ?? 0;
        code += (byte & 0x7f) * mul;
        mul *= 128;
      } while (byte >= 0x80);
    }
    if (code === 0) {
      if (--depth <= 0) return;
      continue;
    }
    let ip = code < nCodes ? opStart[code]! : -1;
    if (ip < 0)
      badDie(
        u,
        dieStart,
        `an abbreviation code of the table at 0x${u.abbrev.offset.toString(16)}`,
        `${code}`,
      );
    run: for (;;) {
      const op = ops[ip]!;
      const arg = ops[ip + 1]!;
      ip += 2;
      switch (op) {
        case P.OP_SKIP:
          pos += arg;
          break;
        case P.OP_END:
          break run;
        case P.OP_RECORD:
          recPos[arg & 15] = pos;
          recForm[arg & 15] = arg >> 4;
          break;
        case P.OP_LEB:
          while ((b[pos++] ?? 0) >= 0x80);
          break;
        case P.OP_STRING: {
          const nul = b.indexOf(0, pos);
          pos = nul < 0 || nul >= end ? end + 1 : nul + 1;
          break;
        }
        case P.OP_BLOCK1:
          pos += 1 + (b[pos] ?? 0);
          break;
        case P.OP_BLOCK2:
          pos += 2 + readFixed(b, pos, 2, le);
          break;
        case P.OP_BLOCK4:
          pos += 4 + readFixed(b, pos, 4, le);
          break;
        case P.OP_BLOCK_LEB: {
          let len = 0;
          let mul = 1;
          let byte: number;
          do {
            byte = b[pos++] ?? 0;
            len += (byte & 0x7f) * mul;
            mul *= 128;
          } while (byte >= 0x80);
          pos += len;
          break;
        }
        default:
          pos = indirect(u, pos, arg);
      }
    }
    if (pos > end)
      badDie(
        u,
        dieStart,
        'DIE attributes within the unit',
        `attributes running to 0x${(start + pos).toString(16)}`,
      );
    const k = kind[code]!;
    if (depth === 1) {
      if (k !== P.KIND_NONE) record(st, prog, u, code, k, start + dieStart);
    } else if (depth === 0) {
      // The unit DIE: its bases serve the names and addresses of the DIEs below it.
      recordUnitDie(st, u, slots[code]!, (slot) => prog.implicit.get(P.implicitKey(code, slot)));
      if (!hasChildren[code]) return;
      depth = 1;
      continue;
    }
    if (hasChildren[code]) {
      if (slots[code]! & (1 << P.SLOT_SIBLING)) {
        const target = refAt(u, recPos[P.SLOT_SIBLING]!, recForm[P.SLOT_SIBLING]!) - start;
        if (target <= dieStart || target > end) {
          badDie(
            u,
            dieStart,
            `DW_AT_sibling after the DIE and within the unit`,
            `0x${(start + target).toString(16)}`,
          );
        }
        pos = target;
      } else {
        depth++;
      }
    }
  }
}

export function badDie(u: DieUnit, pos: number, expected: string, found: string): never {
  throw new BadDataError(u.source, u.fileOffset + pos, expected, found);
}

export function readFixed(b: Uint8Array, pos: number, size: number, le: boolean): number {
  let v = 0;
  if (le) for (let i = size - 1; i >= 0; i--) v = v * 256 + (b[pos + i] ?? 0);
  else for (let i = 0; i < size; i++) v = v * 256 + (b[pos + i] ?? 0);
  return v;
}

/** DW_FORM_indirect: decode the real form with the generic reader (rare). */
function indirect(u: DieUnit, pos: number, slotPlusOne: number): number {
  const r = new DwarfReader(u.bytes, u.source, u.fileOffset, u.littleEndian);
  r.pos = pos;
  const form = r.uleb('indirect form');
  if (slotPlusOne > 0) {
    recPos[slotPlusOne - 1] = r.pos;
    recForm[slotPlusOne - 1] = form;
  }
  r.pos = pos;
  readForm(r, DW_FORM.indirect, u);
  return r.pos;
}

/** A reference attribute recorded at `pos` with `form`, as a section offset. */
export function refAt(u: DieUnit, pos: number, form: number): number {
  const b = u.bytes;
  const le = u.littleEndian;
  switch (form) {
    case DW_FORM.ref4:
      return u.header.offset + readFixed(b, pos, 4, le);
    case DW_FORM.ref1:
      return u.header.offset + b[pos]!;
    case DW_FORM.ref2:
      return u.header.offset + readFixed(b, pos, 2, le);
    case DW_FORM.ref8:
      return u.header.offset + readFixed(b, pos, 8, le);
    default: {
      const r = new DwarfReader(b, u.source, u.fileOffset, le);
      r.pos = pos;
      const v = readForm(r, form, u);
      return v.kind === 'ref' ? v.offset : -1;
    }
  }
}
