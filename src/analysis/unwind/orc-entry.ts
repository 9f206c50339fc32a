// x86_64 ORC entries (arch/x86/include/asm/orc_types.h): `struct orc_entry` is 6 bytes,
// s16 sp_offset @0, s16 bp_offset @2, then a u16 of bitfields @4 whose meaning changed:
//
//   format | bits 0-3 | 4-7    | type                                 | flags
//   1      | sp_reg   | bp_reg | bits 8-9: CALL 0, REGS 1, PARTIAL 2 | bit 10 end            (v4.14 – 6.2)
//   2      | sp_reg   | bp_reg | bits 8-9 (as 1)                      | bit 10 signal, 11 end (6.3, ffb1b4a41016)
//   3      | sp_reg   | bp_reg | bits 8-10: UNDEFINED 0, END_OF_STACK 1, CALL 2, REGS 3,
//          |          |        | REGS_PARTIAL 4                       | bit 11 signal         (6.4, fb799447ae29)
//   4      | as 3 with the registers renumbered                                              (7.1, 1735858caa4b)
//
// Formats 1/2 have no UNDEFINED/END_OF_STACK types: sp_reg == UNDEFINED means "no unwind
// info" without `end` and "end of stack" with it; in format 1 REGS and REGS_PARTIAL imply
// signal. (The numbering is drgn's, libdrgn/orc.h; the kernel has none.)
// Entries are decoded into one normalized form so the unwinder knows no format.

export type OrcFormatVersion = 1 | 2 | 3 | 4;

export type OrcType = 'undefined' | 'end-of-stack' | 'call' | 'regs' | 'regs-partial';

export type OrcReg =
  | 'undefined'
  | 'prev_sp'
  | 'sp'
  | 'bp'
  | 'sp_indirect'
  | 'bp_indirect'
  | 'ax'
  | 'dx'
  | 'di'
  | 'r10'
  | 'r13'
  | 'unknown';

export interface OrcEntry {
  spOffset: number;
  bpOffset: number;
  spReg: OrcReg;
  bpReg: OrcReg;
  type: OrcType;
  /** The frame above is a signal frame: look its ip up as is, not ip - 1. */
  signal: boolean;
}

export const ORC_ENTRY_SIZE = 6;

/** ORC_REG_* of orc_types.h before 7.1. */
const REGS_V1: readonly OrcReg[] = ['undefined', 'prev_sp', 'dx', 'di', 'bp', 'sp', 'r10', 'r13', 'bp_indirect', 'sp_indirect'];
/** ORC_REG_* since 7.1 (commit 1735858caa4b "objtool/x86: Reorder ORC register numbering"). */
const REGS_V4: readonly OrcReg[] = ['undefined', 'ax', 'dx', 'sp', 'bp', 'di', 'r10', 'r13', 'prev_sp', 'sp_indirect', 'bp_indirect'];

const TYPES_V1: readonly OrcType[] = ['call', 'regs', 'regs-partial'];
const TYPES_V3: readonly OrcType[] = ['undefined', 'end-of-stack', 'call', 'regs', 'regs-partial'];

/** Decodes entry `index` of a raw .orc_unwind table (little-endian, x86_64). */
export function decodeOrcEntry(view: DataView, index: number, version: OrcFormatVersion): OrcEntry | null {
  const o = index * ORC_ENTRY_SIZE;
  const spOffset = view.getInt16(o, true);
  const bpOffset = view.getInt16(o + 2, true);
  const f = view.getUint16(o + 4, true);
  const regs = version === 4 ? REGS_V4 : REGS_V1;
  const spRegNo = f & 0xf;
  const spReg = regs[spRegNo] ?? 'unknown';
  const bpReg = regs[(f >> 4) & 0xf] ?? 'unknown';
  let type: OrcType | undefined;
  let signal: boolean;
  if (version <= 2) {
    const end = (f & (version === 1 ? 0x400 : 0x800)) !== 0;
    const t = TYPES_V1[(f >> 8) & 3];
    if (spRegNo === 0) type = end ? 'end-of-stack' : 'undefined';
    else type = t;
    signal = version === 1 ? t === 'regs' || t === 'regs-partial' : (f & 0x400) !== 0;
  } else {
    type = TYPES_V3[(f >> 8) & 7];
    signal = (f & 0x800) !== 0;
  }
  if (!type) return null;
  return { spOffset, bpOffset, spReg, bpReg, type, signal };
}

/** True for a "terminator" (no unwind info), which loses to a real entry at the same ip. */
export function isTerminator(view: DataView, index: number, version: OrcFormatVersion): boolean {
  return decodeOrcEntry(view, index, version)?.type === 'undefined';
}

/**
 * The kernel's hard-coded entry for ip == 0 (a call through a NULL function pointer):
 * CALL with the return address right at sp (arch/x86/kernel/unwind_orc.c null_orc_entry).
 */
export const NULL_ORC_ENTRY: OrcEntry = { spOffset: 8, bpOffset: 0, spReg: 'sp', bpReg: 'undefined', type: 'call', signal: false };

/**
 * The frame-pointer guess the kernel uses for code ORC does not know (unwind_orc.c
 * orc_fp_entry): caller's sp = bp + 16, return address at bp + 8, caller's bp at bp.
 */
export const FP_ORC_ENTRY: OrcEntry = { spOffset: 16, bpOffset: -16, spReg: 'bp', bpReg: 'prev_sp', type: 'call', signal: false };
