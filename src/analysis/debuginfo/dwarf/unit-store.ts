// Units loaded on demand for the lazy paths, read synchronously and kept in an LRU bounded
// by bytes (Debian 6.1: 2,172 units, 75 KB on average, 593 KB at most), and line tables
// likewise (parsed per unit from DW_AT_stmt_list).
import { BadDataError, LookupError } from '../../errors';
import { parseAbbrevTable } from './abbrev';
import { withAbbrevWindow } from './abbrev-window';
import { readDie, type Die, type DieUnit } from './die';
import type { DwarfIndex, IndexedUnit } from './index/dwarf-index';
import { readLineHeader } from './line/line-header';
import { runLineProgram, type LineTable } from './line/line-table';
import { DwarfReader } from './reader';
import type { DwarfSections } from './sections';
import { readSyncExact, type SyncReader } from './sync-reader';
import { listxOffset, type SectionBytes, type SmallSections } from './unit-bases';
import type { AttrValue } from './forms';
import { readDebugLoc, readLocList, type LocationEntry } from './loclists';

export interface UnitStoreOptions {
  /** Byte budget of cached unit bytes (default 24 MiB). */
  unitBudget?: number;
  /** Number of cached line tables (default 32). */
  lineTables?: number;
}

class Lru<V> {
  private readonly map = new Map<number, { v: V; size: number }>();
  private total = 0;
  constructor(private readonly budget: number) {}

  get(k: number): V | undefined {
    const e = this.map.get(k);
    if (!e) return undefined;
    this.map.delete(k);
    this.map.set(k, e);
    return e.v;
  }

  set(k: number, v: V, size: number): void {
    this.map.set(k, { v, size });
    this.total += size;
    while (this.total > this.budget && this.map.size > 1) {
      const [oldK, old] = this.map.entries().next().value!;
      this.map.delete(oldK);
      this.total -= old.size;
    }
  }
}

export class UnitStore {
  private readonly units: Lru<DieUnit>;
  private readonly lines: Lru<LineTable>;

  constructor(
    readonly index: DwarfIndex,
    private readonly reader: SyncReader,
    private readonly secs: DwarfSections,
    readonly small: SmallSections,
    opts: UnitStoreOptions = {},
  ) {
    this.units = new Lru(opts.unitBudget ?? 24 << 20);
    this.lines = new Lru(opts.lineTables ?? 32);
  }

  get source(): string {
    return this.secs.source;
  }

  /** The bytes, abbreviations and bases of unit `u`. */
  unit(u: IndexedUnit): DieUnit {
    const hit = this.units.get(u.index);
    if (hit) return hit;
    const infoSize = this.secs.sections.info?.size ?? 0;
    const loc = u.typesSection ? this.secs.sections.types : this.secs.sections.info;
    if (!loc) throw new LookupError(`no section for the unit at 0x${u.header.offset.toString(16)}`);
    const secStart = u.typesSection ? infoSize : 0;
    const fileOffset = loc.fileOffset + (u.header.offset - secStart);
    const bytes = readSyncExact(
      this.reader,
      fileOffset,
      u.header.end - u.header.offset,
      'DWARF unit',
    );
    const abbrev = withAbbrevWindow(
      this.reader,
      this.secs.sections.abbrev,
      this.source,
      u.header.abbrevOffset,
      (b, at) => parseAbbrevTable(b, 0, this.source, at, u.header.abbrevOffset),
    );
    // Field by field, in newDieUnit's order: one object shape for every unit.
    const unit: DieUnit = {
      offset: u.offset,
      version: u.version,
      addressSize: u.addressSize,
      offsetSize: u.offsetSize,
      strOffsetsBase: u.strOffsetsBase,
      addrBase: u.addrBase,
      rnglistsBase: u.rnglistsBase,
      loclistsBase: u.loclistsBase,
      baseAddress: u.baseAddress,
      header: u.header,
      abbrev,
      bytes,
      start: u.header.offset,
      fileOffset,
      source: this.source,
      littleEndian: this.secs.littleEndian,
    };
    this.units.set(u.index, unit, bytes.length);
    return unit;
  }

  /** The DIE at section offset `offset`. */
  die(offset: number): Die {
    const u = this.index.unitAt(offset);
    if (!u) throw new LookupError(`no DWARF unit holds DIE offset 0x${offset.toString(16)}`);
    const d = readDie(this.unit(u), offset);
    if (!d)
      throw new BadDataError(
        this.source,
        offset,
        `a DIE at 0x${offset.toString(16)}`,
        'a null entry',
      );
    return d;
  }

  /** The indexed record of the unit holding `offset`. */
  unitInfo(offset: number): IndexedUnit | undefined {
    return this.index.unitAt(offset);
  }

  /**
   * The location list a DW_AT_location value (sec_offset, or loclistx through
   * DW_AT_loclists_base) refers to. Lists are read through a window of the section that
   * grows until the list fits (the 24 MB .debug_loclists is never read whole).
   */
  locationList(u: DieUnit, v: AttrValue): LocationEntry[] {
    const v5 = u.version >= 5;
    const loc = v5 ? this.secs.sections.loclists : this.secs.sections.loc;
    const name = v5 ? '.debug_loclists' : '.debug_loc';
    if (!loc) throw new BadDataError(this.source, 0, `a ${name} section (DW_AT_location)`, 'none');
    const window = (start: number, len: number): SectionBytes => {
      const n = Math.min(len, loc.size - start);
      return {
        bytes: readSyncExact(this.reader, loc.fileOffset + start, Math.max(0, n), name),
        fileOffset: loc.fileOffset + start,
        start,
      };
    };
    let offset: number;
    if (v.kind === 'loclistx')
      offset = listxOffset(
        v.index,
        u.loclistsBase,
        window(0, u.loclistsBase + (v.index + 1) * u.offsetSize),
        u,
        this.small,
      );
    else if (v.kind === 'sec_offset' || v.kind === 'udata')
      offset = Number(v.kind === 'udata' ? v.value : v.offset);
    else
      throw new BadDataError(this.source, u.fileOffset, 'DW_AT_location of class loclist', v.kind);
    for (let len = 4096; ; len *= 2) {
      const w = window(offset, len);
      try {
        return v5 ? readLocList(w, offset, u, this.small) : readDebugLoc(w, offset, u, this.small);
      } catch (e) {
        if (!(e instanceof BadDataError) || offset + len >= loc.size) throw e;
      }
    }
  }

  /** The line table of unit `u`, or null when it has none. */
  lineTable(u: IndexedUnit): LineTable | null {
    if (u.stmtList < 0) return null;
    const hit = this.lines.get(u.index);
    if (hit) return hit;
    const loc = this.secs.sections.line;
    if (!loc)
      throw new BadDataError(this.source, 0, 'a .debug_line section (DW_AT_stmt_list)', 'none');
    if (u.stmtList >= loc.size) {
      throw new BadDataError(
        this.source,
        loc.fileOffset,
        `DW_AT_stmt_list within .debug_line (${loc.size} bytes)`,
        `0x${u.stmtList.toString(16)}`,
      );
    }
    const fileOffset = loc.fileOffset + u.stmtList;
    // The unit_length tells how much to read.
    const head = readSyncExact(
      this.reader,
      fileOffset,
      Math.min(12, loc.size - u.stmtList),
      'line program length',
    );
    const l32 = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, this.secs.littleEndian);
    const length =
      l32 === 0xffffffff
        ? 12 +
          Number(new DataView(head.buffer, head.byteOffset).getBigUint64(4, this.secs.littleEndian))
        : 4 + l32;
    if (length > loc.size - u.stmtList) {
      throw new BadDataError(
        this.source,
        fileOffset,
        `line program of ${length} bytes within .debug_line`,
        `${loc.size - u.stmtList} bytes left`,
      );
    }
    const bytes = readSyncExact(this.reader, fileOffset, length, 'line program');
    const r = new DwarfReader(bytes, this.source, fileOffset, this.secs.littleEndian);
    const h = readLineHeader(r, u.stmtList, u, this.small);
    const table = runLineProgram(
      h,
      bytes,
      u.stmtList,
      fileOffset,
      this.source,
      this.secs.littleEndian,
    );
    this.lines.set(u.index, table, 1);
    return table;
  }
}
