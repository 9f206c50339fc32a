// Small sections held in memory, a unit's base attributes, and the resolution of indexed
// and section-offset forms: strp/line_strp (DWARF 5 §7.26), strx via .debug_str_offsets
// (§7.26), addrx via .debug_addr (§7.27). drgn: libdrgn/dwarf_info.c (read_strx,
// drgn_dwarf_index_cu str_offsets handling).
import { BadDataError } from '../../errors';
import type { AttrValue, FormUnit } from './forms';
import { DwarfReader, stringAt } from './reader';

export interface SectionBytes {
  bytes: Uint8Array;
  /** File offset of bytes[0], for errors. */
  fileOffset: number;
  /** Section offset of bytes[0] when this is a window of a larger section (default 0). */
  start?: number;
}

/** The sections that crashlens reads whole (they are small: measure before adding one). */
export interface SmallSections {
  source: string;
  littleEndian: boolean;
  str?: SectionBytes;
  line_str?: SectionBytes;
  str_offsets?: SectionBytes;
  addr?: SectionBytes;
  rnglists?: SectionBytes;
  ranges?: SectionBytes;
}

/** A unit as the form resolvers need it: header sizes plus the bases from its unit DIE. */
export interface UnitBases extends FormUnit {
  /** DW_AT_str_offsets_base (§7.26: points just past the contribution header). */
  strOffsetsBase: number;
  /** DW_AT_addr_base (§7.27: points just past the .debug_addr header). */
  addrBase: number;
  /** DW_AT_rnglists_base: start of the offsets array after the .debug_rnglists header. */
  rnglistsBase: number;
  /** DW_AT_loclists_base, likewise for .debug_loclists. */
  loclistsBase: number;
  /** DW_AT_low_pc of the unit DIE: base address of v4 range lists and v5 offset pairs. */
  baseAddress: bigint;
}

/** Bases assumed before the unit DIE is read (or when it lacks them): the first contribution. */
export function defaultBases(u: FormUnit): UnitBases {
  const header = u.offsetSize === 8 ? 16 : 8;
  // Only the FormUnit fields: spreading a UnitHeader here gave every unit a different,
  // slow object shape on the index's hot path.
  return {
    offset: u.offset,
    version: u.version,
    addressSize: u.addressSize,
    offsetSize: u.offsetSize,
    strOffsetsBase: u.version >= 5 ? header : 0,
    addrBase: u.version >= 5 ? header : 0,
    rnglistsBase: u.version >= 5 ? header + 4 : 0,
    loclistsBase: u.version >= 5 ? header + 4 : 0,
    baseAddress: 0n,
  };
}

function need(s: SectionBytes | undefined, name: string, source: string): SectionBytes {
  if (!s)
    throw new BadDataError(source, 0, `a ${name} section (referenced by a DWARF form)`, 'none');
  return s;
}

function readOffsetAt(
  s: SectionBytes,
  at: number,
  size: number,
  le: boolean,
  source: string,
  what: string,
): number {
  if (at < 0 || at + size > s.bytes.length) {
    throw new BadDataError(
      source,
      s.fileOffset + at,
      `${what} within the section`,
      `section of ${s.bytes.length} bytes`,
    );
  }
  const v = new DataView(s.bytes.buffer, s.bytes.byteOffset + at, size);
  if (size === 4) return v.getUint32(0, le);
  const big = v.getBigUint64(0, le);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BadDataError(
      source,
      s.fileOffset + at,
      `${what} below 2^53`,
      `0x${big.toString(16)}`,
    );
  }
  return Number(big);
}

/** The string of a string-class attribute, or null when it is not one. */
export function resolveString(
  v: AttrValue | undefined,
  u: UnitBases,
  s: SmallSections,
): string | null {
  if (!v) return null;
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'strp': {
      if (v.section === 'sup') return null; // supplementary (dwz) file: not read
      const sec = need(v.section === 'str' ? s.str : s.line_str, `.debug_${v.section}`, s.source);
      const str = stringAt(sec.bytes, v.offset);
      if (str === null) {
        throw new BadDataError(
          s.source,
          sec.fileOffset,
          `string offset within .debug_${v.section}`,
          `0x${v.offset.toString(16)}`,
        );
      }
      return str;
    }
    case 'strx':
      return resolveString(
        { kind: 'strp', offset: strxOffset(v.index, u, s), section: 'str' },
        u,
        s,
      );
    default:
      return null;
  }
}

/** .debug_str offset of string index `index` of unit `u`. */
export function strxOffset(index: number, u: UnitBases, s: SmallSections): number {
  const sec = need(s.str_offsets, '.debug_str_offsets', s.source);
  return readOffsetAt(
    sec,
    u.strOffsetsBase + index * u.offsetSize,
    u.offsetSize,
    s.littleEndian,
    s.source,
    `string index ${index}`,
  );
}

/** The address of an address-class attribute (addr or addrx*), or null. */
export function resolveAddress(
  v: AttrValue | undefined,
  u: UnitBases,
  s: SmallSections,
): bigint | null {
  if (!v) return null;
  if (v.kind === 'address') return v.value;
  if (v.kind === 'addrx') return addrxValue(v.index, u, s);
  return null;
}

export function addrxValue(index: number, u: UnitBases, s: SmallSections): bigint {
  const sec = need(s.addr, '.debug_addr', s.source);
  const at = u.addrBase + index * u.addressSize;
  if (at < 0 || at + u.addressSize > sec.bytes.length) {
    throw new BadDataError(
      s.source,
      sec.fileOffset + at,
      `address index ${index} within .debug_addr`,
      `section of ${sec.bytes.length} bytes`,
    );
  }
  const v = new DataView(sec.bytes.buffer, sec.bytes.byteOffset + at, u.addressSize);
  switch (u.addressSize) {
    case 8:
      return v.getBigUint64(0, s.littleEndian);
    case 4:
      return BigInt(v.getUint32(0, s.littleEndian));
    case 2:
      return BigInt(v.getUint16(0, s.littleEndian));
    default:
      return BigInt(v.getUint8(0));
  }
}

/** Offset stored at entry `index` of a rnglists/loclists offsets array (§7.28, §7.29). */
export function listxOffset(
  index: number,
  base: number,
  sec: SectionBytes,
  u: UnitBases,
  s: SmallSections,
): number {
  return (
    base +
    readOffsetAt(
      sec,
      base + index * u.offsetSize,
      u.offsetSize,
      s.littleEndian,
      s.source,
      `list index ${index}`,
    )
  );
}

/** A reader positioned at section offset `offset` of `sec` (a whole section or a window). */
export function sectionReader(
  sec: SectionBytes,
  offset: number,
  s: SmallSections,
  what: string,
): DwarfReader {
  const r = new DwarfReader(sec.bytes, s.source, sec.fileOffset, s.littleEndian);
  const pos = offset - (sec.start ?? 0);
  if (pos < 0 || pos >= sec.bytes.length) {
    r.fail(
      `${what} offset within the section (${sec.bytes.length} bytes)`,
      `0x${offset.toString(16)}`,
      0,
    );
  }
  r.pos = pos;
  return r;
}
