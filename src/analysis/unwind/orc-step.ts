// One ORC unwind step, as arch/x86/kernel/unwind_orc.c unwind_next_frame takes it:
//  1. entry of `signal ? ip : ip - 1` (a return address points after the call, which may
//     be the last instruction of a noreturn caller); ip 0 uses null_orc_entry; an ip no
//     table describes uses the frame-pointer guess orc_fp_entry (frames marked so).
//  2. UNDEFINED: no unwind info (error); END_OF_STACK: done.
//  3. Caller's sp (CFA) from sp_reg: SP/BP + sp_offset; SP_INDIRECT *(sp) + sp_offset
//     (the 5.12 call_on_stack() form, 87ccc826bf1c; before it *(sp + sp_offset), tried when
//     the first reading leaves the known stacks); BP_INDIRECT *(bp + sp_offset);
//     R10/R13/DI/DX/AX: that register, known only from a full pt_regs (get_reg).
//  4. CALL: ip = *(CFA - 8); REGS: a pt_regs at CFA; REGS_PARTIAL: an IRET frame at CFA.
//  5. bp from bp_reg: UNDEFINED keeps it (or takes regs->bp), PREV_SP *(CFA + bp_offset),
//     BP *(bp + bp_offset).
// Every read must fall on a known stack (stack_access_ok).
import { FP_ORC_ENTRY, NULL_ORC_ENTRY, type OrcEntry } from './orc-entry';
import {
  decodeIretFrame,
  decodePtRegs,
  IRET_FRAME_OFFSET,
  IRET_FRAME_SIZE,
  ORC_REG_NAME,
  PT_REGS_SIZE,
  type RegisterSet,
} from './pt-regs';
import type { FrameMethod, OrcSource, SavedRegisters, StackMap, UnwindMemory } from './unwind-types';

export interface UnwindState {
  ip: bigint;
  sp: bigint;
  bp: bigint;
  regs: RegisterSet | null;
  /** regs holds every register (not only an IRET frame). */
  fullRegs: boolean;
  /** The full regs of the frame before, when this one has only an IRET frame. */
  prevRegs: RegisterSet | null;
  signal: boolean;
}

export type StepResult =
  | { kind: 'next'; state: UnwindState; method: FrameMethod; saved?: SavedRegisters }
  | { kind: 'end' }
  /** ORC UNDEFINED: the entry says there is no unwind information here. */
  | { kind: 'undefined'; message: string }
  | { kind: 'error'; message: string };

export interface StepContext {
  memory: UnwindMemory;
  orc: OrcSource | null;
  stacks: StackMap;
}

class StepError extends Error {}

/** A pt_regs right at sp (used for an encoded frame pointer). */
const ENCODED_REGS_ENTRY: OrcEntry = { spOffset: 0, bpOffset: 0, spReg: 'sp', bpReg: 'undefined', type: 'regs', signal: true };

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** A register of a state, from its full regs (or the previous full regs), as get_reg does. */
function getReg(st: UnwindState, name: string): bigint | undefined {
  if (st.regs && st.fullRegs) return st.regs[name];
  return st.prevRegs?.[name];
}

export async function orcStep(st: UnwindState, ctx: StepContext): Promise<StepResult> {
  let e: OrcEntry | null | undefined;
  let method: FrameMethod = 'orc';
  if (st.ip === 0n) e = NULL_ORC_ENTRY;
  else if (ctx.orc) e = ctx.orc.find(st.signal ? st.ip : st.ip - 1n);
  if (e === null) return { kind: 'error', message: `corrupt ORC entry for ${hex(st.ip)}` };
  if (e === undefined) {
    e = FP_ORC_ENTRY;
    method = 'frame-pointer';
  }
  // A frame-pointer chain ends with a zero rbp (the outermost frame's saved bp).
  if (method === 'frame-pointer' && st.bp === 0n) return { kind: 'end' };
  if (method === 'frame-pointer' && (st.bp & 1n) === 1n) {
    // ENCODE_FRAME_POINTER (arch/x86/entry/calling.h): entry code leaves &pt_regs | 1 in
    // rbp, so a frame-pointer walk finds the interrupted registers there.
    e = { ...ENCODED_REGS_ENTRY };
    st = { ...st, sp: st.bp & ~1n };
  }
  if (e.type === 'undefined') return { kind: 'undefined', message: `no unwind information (ORC UNDEFINED) at ${hex(st.ip)}` };
  if (e.type === 'end-of-stack') return { kind: 'end' };
  try {
    return await applyEntry(st, e, method, ctx);
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

async function applyEntry(st: UnwindState, e: OrcEntry, method: FrameMethod, ctx: StepContext): Promise<StepResult> {
  const read = async (addr: bigint, len = 8): Promise<Uint8Array> => {
    const s = ctx.stacks.stackOf(addr);
    if (!s || addr + BigInt(len) > s.end) throw new StepError(`stack read at ${hex(addr)} (${len} bytes) is outside the known stacks`);
    return ctx.memory.read(addr, len);
  };
  const word = async (addr: bigint): Promise<bigint> => {
    const b = await read(addr);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  };
  const off = BigInt(e.spOffset);
  let cfa: bigint;
  switch (e.spReg) {
    case 'sp':
      cfa = st.sp + off;
      break;
    case 'bp':
      cfa = st.bp + off;
      break;
    case 'sp_indirect': {
      cfa = (await word(st.sp)) + off;
      if (!ctx.stacks.stackOf(cfa)) cfa = await word(st.sp + off);
      break;
    }
    case 'bp_indirect':
      cfa = await word(st.bp + off);
      break;
    case 'ax':
    case 'dx':
    case 'di':
    case 'r10':
    case 'r13': {
      const v = getReg(st, ORC_REG_NAME[e.spReg]!);
      if (v === undefined) return { kind: 'error', message: `ORC needs ${e.spReg.toUpperCase()} at ${hex(st.ip)}, which no saved registers hold` };
      cfa = v;
      break;
    }
    default:
      return { kind: 'error', message: `ORC entry at ${hex(st.ip)} has an unknown sp_reg` };
  }
  cfa = BigInt.asUintN(64, cfa);

  let next: UnwindState;
  let saved: SavedRegisters | undefined;
  switch (e.type) {
    case 'call':
      next = { ip: await word(cfa - 8n), sp: cfa, bp: st.bp, regs: null, fullRegs: false, prevRegs: null, signal: e.signal };
      break;
    case 'regs': {
      const regs = decodePtRegs(await read(cfa, PT_REGS_SIZE));
      next = { ip: regs.rip!, sp: regs.rsp!, bp: st.bp, regs, fullRegs: true, prevRegs: null, signal: true };
      saved = { address: cfa, regs, partial: false };
      break;
    }
    case 'regs-partial': {
      const regs = decodeIretFrame(await read(cfa, IRET_FRAME_SIZE));
      const prev = st.fullRegs ? st.regs : null;
      next = { ip: regs.rip!, sp: regs.rsp!, bp: st.bp, regs, fullRegs: false, prevRegs: prev, signal: true };
      saved = { address: cfa - BigInt(IRET_FRAME_OFFSET), regs, partial: true };
      break;
    }
    default:
      return { kind: 'error', message: `ORC entry at ${hex(st.ip)} has type ${e.type}` };
  }

  const bpOff = BigInt(e.bpOffset);
  switch (e.bpReg) {
    case 'undefined': {
      const v = getReg(next, 'rbp');
      if (v !== undefined) next.bp = v;
      break;
    }
    case 'prev_sp':
      next.bp = await word(cfa + bpOff);
      break;
    case 'bp':
      next.bp = await word(st.bp + bpOff);
      break;
    default:
      return { kind: 'error', message: `ORC entry at ${hex(st.ip)} has an unsupported bp_reg ${e.bpReg}` };
  }
  return { kind: 'next', state: next, method, saved };
}
