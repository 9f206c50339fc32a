// Full decoding of single DIEs (DWARF 5 §7.5.2): abbreviation code, then one value per
// attribute of the declaration, then the children (when the declaration says so) ending
// with a 0 code. Used for the lazy paths (types, scopes) and for unit DIEs; the index
// has its own skipping scanner (index/scan-unit.ts).
import type { AbbrevDecl, AbbrevLookup } from './abbrev';
import { DW_AT } from './constants';
import { readForm, type AttrValue } from './forms';
import { DwarfReader } from './reader';
import type { UnitHeader } from './unit-header';
import type { UnitBases } from './unit-bases';

/** A unit whose bytes are in memory. */
export interface DieUnit extends UnitBases {
  header: UnitHeader;
  abbrev: AbbrevLookup;
  /** Bytes holding (at least) the whole unit. */
  bytes: Uint8Array;
  /** Section offset of bytes[0]. */
  start: number;
  /** File offset of bytes[0], for errors. */
  fileOffset: number;
  source: string;
  littleEndian: boolean;
}

export class Die {
  constructor(
    readonly unit: DieUnit,
    /** Section offset of the DIE. */
    readonly offset: number,
    readonly decl: AbbrevDecl,
    readonly values: AttrValue[],
    /** Section offset just past the attributes: the first child, or the next sibling. */
    readonly end: number,
  ) {}

  get tag(): number {
    return this.decl.tag;
  }

  get hasChildren(): boolean {
    return this.decl.hasChildren;
  }

  attr(at: number): AttrValue | undefined {
    const attrs = this.decl.attrs;
    for (let i = 0; i < attrs.length; i++) if (attrs[i] === at) return this.values[i];
    return undefined;
  }

  has(at: number): boolean {
    return this.decl.attrs.includes(at);
  }

  /** A reference attribute as a section offset, when it is one into this file. */
  ref(at: number): number | null {
    const v = this.attr(at);
    return v?.kind === 'ref' ? v.offset : null;
  }

  flag(at: number): boolean {
    const v = this.attr(at);
    return v?.kind === 'flag' ? v.value : false;
  }
}

function readerFor(u: DieUnit, offset: number): DwarfReader {
  const r = new DwarfReader(u.bytes, u.source, u.fileOffset, u.littleEndian);
  const pos = offset - u.start;
  if (offset < u.header.dieOffset || offset >= u.header.end || pos >= u.bytes.length) {
    r.fail(
      `a DIE offset within the unit at 0x${u.header.offset.toString(16)} (up to 0x${u.header.end.toString(16)})`,
      `0x${offset.toString(16)}`,
      Math.max(0, Math.min(pos, u.bytes.length)),
    );
  }
  r.pos = pos;
  return r;
}

/** The DIE at section offset `offset`, or null for a 0 code (end of a sibling list). */
export function readDie(u: DieUnit, offset: number): Die | null {
  const r = readerFor(u, offset);
  const codeAt = r.pos;
  const code = r.uleb('abbreviation code');
  if (code === 0) return null;
  const decl = u.abbrev.get(code);
  if (!decl)
    return r.fail(
      `an abbreviation code of the table at 0x${u.abbrev.offset.toString(16)}`,
      `${code}`,
      codeAt,
    );
  const values: AttrValue[] = new Array<AttrValue>(decl.attrs.length);
  for (let i = 0; i < decl.attrs.length; i++)
    values[i] = readForm(r, decl.forms[i]!, u, decl.implicit[i]);
  const end = u.start + r.pos;
  if (end > u.header.end)
    r.fail('DIE attributes within the unit', `DIE ends at 0x${end.toString(16)}`, codeAt);
  return new Die(u, offset, decl, values, end);
}

/** Section offset just past the 0 code at `offset` (one byte unless padded). */
export function nullEntryEnd(u: DieUnit, offset: number): number {
  const r = readerFor(u, offset);
  r.uleb('abbreviation code');
  return u.start + r.pos;
}

/** Section offset just past `die` and all its descendants. */
export function afterSubtree(die: Die): number {
  const sib = die.attr(DW_AT.sibling);
  if (sib?.kind === 'ref' && sib.offset > die.offset && sib.offset <= die.unit.header.end)
    return sib.offset;
  if (!die.hasChildren) return die.end;
  let pos = die.end;
  let depth = 1;
  // Each step consumes at least one byte, so this ends within the unit.
  while (depth > 0) {
    const d = readDie(die.unit, pos);
    if (!d) {
      depth--;
      pos = nullEntryEnd(die.unit, pos);
      continue;
    }
    const s = d.attr(DW_AT.sibling);
    if (s?.kind === 'ref' && s.offset > d.offset && s.offset <= die.unit.header.end) pos = s.offset;
    else {
      pos = d.end;
      if (d.hasChildren) depth++;
    }
  }
  return pos;
}

/** The children of `die`, in order. */
export function* children(die: Die): Generator<Die> {
  if (!die.hasChildren) return;
  let pos = die.end;
  const end = die.unit.header.end;
  while (pos < end) {
    const child = readDie(die.unit, pos);
    if (!child) return;
    yield child;
    pos = afterSubtree(child);
  }
}
