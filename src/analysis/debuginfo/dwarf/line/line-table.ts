// The line-number state machine (DWARF 5 §6.2.2, §6.2.5) run over one program, and
// lookups in its rows. Rows are columns of typed arrays; an address is two u32 halves.
// A pc maps to the last row at the greatest address <= pc within the sequence that
// contains it, preferring the last is_stmt row at that address as gdb does.
import { DW_LNE, DW_LNS } from '../constants';
import { DwarfReader } from '../reader';
import type { LineHeader } from './line-header';
import { filePath } from './line-header';

export interface LineRow {
  address: bigint;
  file: string;
  line: number;
  column: number;
  isStmt: boolean;
}

const TWO32 = 0x100000000;
const MAX_ROWS = 1 << 24;

class Rows {
  n = 0;
  lo = new Uint32Array(256);
  hi = new Uint32Array(256);
  file = new Uint32Array(256);
  line = new Uint32Array(256);
  column = new Uint32Array(256);
  flags = new Uint8Array(256); // 1 is_stmt, 2 end_sequence

  push(lo: number, hi: number, file: number, line: number, column: number, flags: number): void {
    if (this.n === this.lo.length) {
      const g = <T extends Uint32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.lo = g(this.lo);
      this.hi = g(this.hi);
      this.file = g(this.file);
      this.line = g(this.line);
      this.column = g(this.column);
      this.flags = g(this.flags);
    }
    const i = this.n++;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.file[i] = file;
    this.line[i] = line;
    this.column[i] = column;
    this.flags[i] = flags;
  }
}

export class LineTable {
  /** Sequences as [firstRow, endRow] (endRow: the end_sequence row), sorted by start address. */
  private readonly sequences: [number, number][] = [];

  constructor(
    readonly header: LineHeader,
    private readonly rows: Rows,
  ) {
    let first = 0;
    for (let i = 0; i < rows.n; i++) {
      if (!(rows.flags[i]! & 2)) continue;
      // Sequences of code discarded at link time start at address 0.
      if (i > first && (rows.lo[first] !== 0 || rows.hi[first] !== 0))
        this.sequences.push([first, i]);
      first = i + 1;
    }
    this.sequences.sort((a, b) => cmp(rows, a[0], b[0]));
  }

  get rowCount(): number {
    return this.rows.n;
  }

  /** The row that describes `pc`, or undefined when no sequence covers it. */
  rowAt(pc: bigint): LineRow | undefined {
    const hi = Number((pc >> 32n) & 0xffffffffn);
    const lo = Number(pc & 0xffffffffn);
    const r = this.rows;
    const seqs = this.sequences;
    // Last sequence starting at or below pc; sequences do not overlap, but look back a little.
    let s0 = 0;
    let s1 = seqs.length;
    while (s0 < s1) {
      const m = (s0 + s1) >>> 1;
      if (cmpAddr(r, seqs[m]![0], hi, lo) <= 0) s0 = m + 1;
      else s1 = m;
    }
    for (let s = s0 - 1; s >= 0 && s >= s0 - 8; s--) {
      const [first, end] = seqs[s]!;
      if (cmpAddr(r, end, hi, lo) <= 0) continue;
      // Last row in [first, end) with address <= pc.
      let a = first;
      let b = end;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (cmpAddr(r, m, hi, lo) <= 0) a = m + 1;
        else b = m;
      }
      // gdb (symtab.c find_pc_sect_line), whose answers crash prints: when the last row
      // at that address is not a statement, take the last statement row at that address.
      let best = a - 1;
      while (
        best > first &&
        !(r.flags[best]! & 1) &&
        sameAddress(r, best - 1, best) &&
        r.line[best - 1] !== 0
      )
        best--;
      return this.row(r.flags[best]! & 1 ? best : a - 1);
    }
    return undefined;
  }

  row(i: number): LineRow {
    const r = this.rows;
    return {
      address: (BigInt(r.hi[i]!) << 32n) | BigInt(r.lo[i]!),
      file: this.header.files[r.file[i]!] ?? `<file ${r.file[i]}>`,
      line: r.line[i]!,
      column: r.column[i]!,
      isStmt: (r.flags[i]! & 1) !== 0,
    };
  }

  /** Every row, in program order (for tests and listings). */
  *allRows(): Generator<LineRow & { endSequence: boolean }> {
    for (let i = 0; i < this.rows.n; i++)
      yield { ...this.row(i), endSequence: (this.rows.flags[i]! & 2) !== 0 };
  }
}

function cmpAddr(r: Rows, i: number, hi: number, lo: number): number {
  return r.hi[i]! - hi || r.lo[i]! - lo;
}

function sameAddress(r: Rows, i: number, j: number): boolean {
  return r.lo[i] === r.lo[j] && r.hi[i] === r.hi[j];
}

function cmp(r: Rows, i: number, j: number): number {
  return r.hi[i]! - r.hi[j]! || r.lo[i]! - r.lo[j]!;
}

/** Runs the program of `h` from `bytes` (section offset `start`, file offset `fileOffset`). */
export function runLineProgram(
  h: LineHeader,
  bytes: Uint8Array,
  start: number,
  fileOffset: number,
  source: string,
  le: boolean,
): LineTable {
  const r = new DwarfReader(bytes.subarray(0, h.end - start), source, fileOffset, le);
  r.pos = h.programOffset - start;
  const rows = new Rows();
  const files = h.files;
  // State registers (§6.2.2).
  let lo = 0;
  let hi = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  let column = 0;
  let isStmt = h.defaultIsStmt;
  const reset = (): void => {
    lo = hi = opIndex = 0;
    file = 1;
    line = 1;
    column = 0;
    isStmt = h.defaultIsStmt;
  };
  const advance = (operationAdvance: number): void => {
    // §6.2.5.1: address += min_inst_length * ((op_index + adv) / max_ops); op_index = (…) % max_ops.
    const ops = opIndex + operationAdvance;
    const add = h.minInstLength * Math.floor(ops / h.maxOpsPerInst);
    opIndex = ops % h.maxOpsPerInst;
    const sum = lo + add;
    lo = sum % TWO32;
    hi = (hi + Math.floor(sum / TWO32)) >>> 0;
  };
  const emit = (end: boolean): void => {
    if (rows.n >= MAX_ROWS) r.fail(`at most ${MAX_ROWS} line rows`, 'more');
    rows.push(lo, hi, file, line < 0 ? 0 : line, column, (isStmt ? 1 : 0) | (end ? 2 : 0));
  };
  while (r.remaining > 0) {
    const op = r.u8('line opcode');
    if (op >= h.opcodeBase) {
      // Special opcode (§6.2.5.1).
      const adj = op - h.opcodeBase;
      advance(Math.floor(adj / h.lineRange));
      line += h.lineBase + (adj % h.lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = r.uleb('extended opcode length');
        const after = r.pos + len;
        if (len === 0 || after > r.length)
          r.fail('extended opcode within the line program', `length ${len}`);
        const ext = r.u8('extended opcode');
        if (ext === DW_LNE.end_sequence) {
          emit(true);
          reset();
        } else if (ext === DW_LNE.set_address) {
          const a = r.address(
            len - 1 === 4 ? 4 : len - 1 === 8 ? 8 : h.addressSize,
            'DW_LNE_set_address operand',
          );
          lo = Number(a & 0xffffffffn);
          hi = Number(a >> 32n);
          opIndex = 0;
        } else if (ext === DW_LNE.define_file) {
          const name = r.cstr('DW_LNE_define_file name');
          files.push(filePath(h, name, r.uleb()));
        }
        // set_discriminator and unknown extended opcodes: skipped by length.
        r.pos = after;
        break;
      }
      case DW_LNS.copy:
        emit(false);
        break;
      case DW_LNS.advance_pc:
        advance(r.uleb('advance_pc operand'));
        break;
      case DW_LNS.advance_line:
        line += r.sleb('advance_line operand');
        break;
      case DW_LNS.set_file:
        file = r.uleb('set_file operand');
        break;
      case DW_LNS.set_column:
        column = r.uleb('set_column operand');
        break;
      case DW_LNS.negate_stmt:
        isStmt = !isStmt;
        break;
      case DW_LNS.set_basic_block:
      case DW_LNS.set_prologue_end:
      case DW_LNS.set_epilogue_begin:
        break;
      case DW_LNS.const_add_pc:
        advance(Math.floor((255 - h.opcodeBase) / h.lineRange));
        break;
      case DW_LNS.fixed_advance_pc: {
        const sum = lo + r.u16('fixed_advance_pc operand');
        lo = sum % TWO32;
        hi = (hi + Math.floor(sum / TWO32)) >>> 0;
        opIndex = 0;
        break;
      }
      default:
        // DW_LNS_set_isa and opcodes this reader does not know: skip their ULEB operands.
        for (let i = 0; i < (h.opcodeLengths[op] ?? 0); i++) r.skipLeb('standard opcode operand');
    }
  }
  return new LineTable(h, rows);
}
