// Line-number programs for tests (DWARF 5 §6.2): a header of the chosen version and a
// list of opcodes written as given.
import { DW_FORM, DW_LNCT, DW_LNE, DW_LNS } from '../constants';
import { ByteWriter, type StringSection } from './byte-writer';

export type LineOp =
  | ['set_address', bigint]
  | ['advance_pc', number]
  | ['advance_line', number]
  | ['copy']
  /** A special opcode advancing the address and the line. */
  | ['special', number, number]
  | ['end_sequence']
  | ['set_file', number]
  | ['set_column', number]
  | ['negate_stmt']
  | ['const_add_pc']
  | ['fixed_advance_pc', number]
  | ['define_file', string, number]
  | ['set_discriminator', number]
  /** An extended opcode this reader does not know (skipped by length). */
  | ['unknown_extended'];

export interface LineProgramSpec {
  version: 2 | 3 | 4 | 5;
  addressSize?: 4 | 8;
  /** Directory entries as written: for v5 entry 0 is the compilation directory. */
  dirs: string[];
  /** Files: for v2–4 listed from file 1; for v5 from file 0. */
  files: { name: string; dir: number }[];
  ops: LineOp[];
  /** v5: use DW_FORM_line_strp (default) or DW_FORM_string for paths. */
  inlineStrings?: boolean;
}

const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;

/** Appends a program to `out`; returns its offset. */
export function writeLineProgram(
  out: ByteWriter,
  spec: LineProgramSpec,
  lineStr: StringSection,
  _str: StringSection,
): number {
  const start = out.length;
  const as = spec.addressSize ?? 8;
  const h = new ByteWriter();
  h.u8(1); // minimum_instruction_length
  if (spec.version >= 4) h.u8(1); // maximum_operations_per_instruction
  h.u8(1)
    .u8(LINE_BASE & 0xff)
    .u8(LINE_RANGE)
    .u8(OPCODE_BASE);
  h.bytes([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]);
  if (spec.version >= 5) {
    const pathForm = spec.inlineStrings ? DW_FORM.string : DW_FORM.line_strp;
    const path = (s: string) => (spec.inlineStrings ? h.cstr(s) : h.u32(lineStr.add(s)));
    h.u8(1).uleb(DW_LNCT.path).uleb(pathForm).uleb(spec.dirs.length);
    for (const d of spec.dirs) path(d);
    h.u8(2)
      .uleb(DW_LNCT.path)
      .uleb(pathForm)
      .uleb(DW_LNCT.directory_index)
      .uleb(DW_FORM.udata)
      .uleb(spec.files.length);
    for (const f of spec.files) {
      path(f.name);
      h.uleb(f.dir);
    }
  } else {
    for (const d of spec.dirs) h.cstr(d);
    h.u8(0);
    for (const f of spec.files) h.cstr(f.name).uleb(f.dir).uleb(0).uleb(0);
    h.u8(0);
  }
  const p = new ByteWriter();
  for (const op of spec.ops) {
    switch (op[0]) {
      case 'set_address':
        p.u8(0)
          .uleb(1 + as)
          .u8(DW_LNE.set_address)
          .uint(op[1], as);
        break;
      case 'advance_pc':
        p.u8(DW_LNS.advance_pc).uleb(op[1]);
        break;
      case 'advance_line':
        p.u8(DW_LNS.advance_line).sleb(op[1]);
        break;
      case 'copy':
        p.u8(DW_LNS.copy);
        break;
      case 'special': {
        const [, addr, line] = op;
        const code = line - LINE_BASE + LINE_RANGE * addr + OPCODE_BASE;
        if (line < LINE_BASE || line >= LINE_BASE + LINE_RANGE || code > 255)
          throw new Error(`no special opcode for ${addr}, ${line}`);
        p.u8(code);
        break;
      }
      case 'end_sequence':
        p.u8(0).uleb(1).u8(DW_LNE.end_sequence);
        break;
      case 'set_file':
        p.u8(DW_LNS.set_file).uleb(op[1]);
        break;
      case 'set_column':
        p.u8(DW_LNS.set_column).uleb(op[1]);
        break;
      case 'negate_stmt':
        p.u8(DW_LNS.negate_stmt);
        break;
      case 'const_add_pc':
        p.u8(DW_LNS.const_add_pc);
        break;
      case 'fixed_advance_pc':
        p.u8(DW_LNS.fixed_advance_pc).u16(op[1]);
        break;
      case 'define_file': {
        const body = new ByteWriter()
          .u8(DW_LNE.define_file)
          .cstr(op[1])
          .uleb(op[2])
          .uleb(0)
          .uleb(0)
          .finish();
        p.u8(0).uleb(body.length).bytes(body);
        break;
      }
      case 'set_discriminator':
        p.u8(0).uleb(2).u8(DW_LNE.set_discriminator).u8(op[1]);
        break;
      case 'unknown_extended':
        p.u8(0).uleb(3).u8(0x80).u16(0xbeef);
        break;
    }
  }
  const header = h.finish();
  const program = p.finish();
  const afterVersion = (spec.version >= 5 ? 2 : 0) + 4 + header.length + program.length;
  out.u32(2 + afterVersion).u16(spec.version);
  if (spec.version >= 5) out.u8(as).u8(0);
  out.u32(header.length).bytes(header).bytes(program);
  return start;
}
