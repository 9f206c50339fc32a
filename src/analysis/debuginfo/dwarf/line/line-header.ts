// Line-number program headers, DWARF 2–5 (DWARF 5 §6.2.4). v5 adds address_size and
// segment_selector_size after the version, and replaces the NUL-terminated directory and
// file lists with self-describing entry formats (DW_LNCT_* content, any form). v2–v4 file
// numbers start at 1 (directory 0 is the unit's comp_dir); v5 numbers from 0, and
// directory 0 is the comp_dir itself. drgn: libdrgn uses elfutils dwarf_getsrclines.
import { DW_FORM, DW_LNCT } from '../constants';
import { readForm, type AttrValue } from '../forms';
import type { DwarfReader } from '../reader';
import { resolveString, type SmallSections, type UnitBases } from '../unit-bases';

export interface LineHeader {
  /** Section offset of the unit_length field. */
  offset: number;
  /** Section offset just past this line program. */
  end: number;
  version: number;
  offsetSize: 4 | 8;
  addressSize: number;
  /** Section offset of the first opcode. */
  programOffset: number;
  minInstLength: number;
  maxOpsPerInst: number;
  defaultIsStmt: boolean;
  lineBase: number;
  lineRange: number;
  opcodeBase: number;
  /** Number of ULEB operands of each standard opcode (index = opcode). */
  opcodeLengths: number[];
  /** Directories as written (index as in the program). */
  dirs: string[];
  /** Full file paths, indexed by the program's file register value. */
  files: string[];
}

/**
 * Reads the header at `r.pos` (section offset `start` + r.pos). `unit` gives the bases for
 * strx forms and the comp_dir / name for directory and file 0 of DWARF 2–4.
 */
export function readLineHeader(
  r: DwarfReader,
  start: number,
  unit: UnitBases & { compDir: string | null; name: string | null },
  s: SmallSections,
): LineHeader {
  const at = r.pos;
  let length = r.u32('line program unit_length');
  let offsetSize: 4 | 8 = 4;
  if (length === 0xffffffff) {
    offsetSize = 8;
    length = r.u64n('64-bit line program unit_length');
  }
  const bodyStart = r.pos;
  if (length > r.length - bodyStart)
    r.fail(`line program of ${length} bytes`, `only ${r.length - bodyStart} bytes left`, at);
  const end = start + bodyStart + length;
  const version = r.u16('line program version');
  if (version < 2 || version > 5) r.fail('line program version 2 to 5', `${version}`, bodyStart);
  let addressSize = unit.addressSize;
  if (version >= 5) {
    addressSize = r.u8('address_size');
    r.u8('segment_selector_size');
  }
  const headerLength = r.offset(offsetSize, 'header_length');
  const programOffset = start + r.pos + headerLength;
  if (programOffset > end)
    r.fail('header_length within the line program', `${headerLength}`, r.pos - offsetSize);
  const minInstLength = r.u8('minimum_instruction_length');
  const maxOpsPerInst = version >= 4 ? r.u8('maximum_operations_per_instruction') : 1;
  const defaultIsStmt = r.u8('default_is_stmt') !== 0;
  const lineBase = (r.u8('line_base') << 24) >> 24;
  const lineRange = r.u8('line_range');
  const opcodeBase = r.u8('opcode_base');
  if (lineRange === 0) r.fail('line_range above 0', '0', r.pos - 2);
  if (maxOpsPerInst === 0) r.fail('maximum_operations_per_instruction above 0', '0');
  const opcodeLengths = [0];
  for (let i = 1; i < opcodeBase; i++) opcodeLengths.push(r.u8('standard_opcode_lengths'));
  const h: LineHeader = {
    offset: start + at,
    end,
    version,
    offsetSize,
    addressSize,
    programOffset,
    minInstLength,
    maxOpsPerInst,
    defaultIsStmt,
    lineBase,
    lineRange,
    opcodeBase,
    opcodeLengths,
    dirs: [],
    files: [],
  };
  if (version >= 5) readV5Tables(r, h, unit, s);
  else readV4Tables(r, h, unit);
  return h;
}

function join(dir: string | null | undefined, name: string): string {
  if (!dir || name.startsWith('/')) return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function readV4Tables(
  r: DwarfReader,
  h: LineHeader,
  unit: { compDir: string | null; name: string | null },
): void {
  h.dirs.push(unit.compDir ?? '');
  for (;;) {
    const d = r.cstr('include_directories entry');
    if (d === '') break;
    h.dirs.push(d);
  }
  h.files.push(unit.name ?? ''); // file 0 is not used before DWARF 5
  for (;;) {
    const name = r.cstr('file_names entry');
    if (name === '') break;
    const dir = r.uleb('directory index');
    r.skipLeb('modification time');
    r.skipLeb('file length');
    h.files.push(filePath(h, name, dir));
  }
}

/** Full path of `name` in directory `dir` (a relative directory is under directory 0). */
export function filePath(h: LineHeader, name: string, dir: number): string {
  const d = h.dirs[dir];
  const full = dir > 0 && d !== undefined && !d.startsWith('/') ? join(h.dirs[0], d) : d;
  return join(full, name);
}

function readV5Tables(r: DwarfReader, h: LineHeader, unit: UnitBases, s: SmallSections): void {
  const fu = { ...unit, offsetSize: h.offsetSize, addressSize: h.addressSize, version: 5 };
  const readEntries = (what: string): Map<number, AttrValue>[] => {
    const nFormats = r.u8(`${what} entry format count`);
    const formats: [number, number][] = [];
    for (let i = 0; i < nFormats; i++)
      formats.push([r.uleb(`${what} content type`), r.uleb(`${what} form`)]);
    const count = r.uleb(`${what} count`);
    if (count > r.remaining) r.fail(`${what} count within the header`, `${count}`);
    const out: Map<number, AttrValue>[] = [];
    for (let i = 0; i < count; i++) {
      const e = new Map<number, AttrValue>();
      for (const [type, form] of formats) {
        if (form === DW_FORM.implicit_const)
          r.fail(`a ${what} entry form other than implicit_const`, 'implicit_const');
        e.set(type, readForm(r, form, fu));
      }
      out.push(e);
    }
    return out;
  };
  const str = (v: AttrValue | undefined): string => resolveString(v, unit, s) ?? '';
  const num = (v: AttrValue | undefined): number =>
    v?.kind === 'udata' || v?.kind === 'sdata' ? Number(v.value) : 0;
  for (const e of readEntries('directory')) h.dirs.push(str(e.get(DW_LNCT.path)));
  for (const e of readEntries('file name'))
    h.files.push(filePath(h, str(e.get(DW_LNCT.path)), num(e.get(DW_LNCT.directory_index))));
}
