// The x86_64 kernel stack unwinder: ORC steps (orc-step.ts) from a starting register set
// until the end of the stack, a user-mode pt_regs, or a problem. A wrong backtrace is worse
// than none, so every step is checked the way arch/x86/kernel/unwind_orc.c checks it, and
// a failed check stops the unwind with a warning instead of guessing on:
//  - the new sp must lie on a known stack (get_stack_info); on the same stack it must go
//    up ("stack going in the wrong direction"), which also catches loops;
//  - a stack is entered at most once (get_stack_info's visit_mask: "stack recursion");
//  - a kernel-mode pc must be kernel text;
//  - at most `maxFrames` frames.
import type { Warning } from '../errors';
import { findCallerSlot, type CallScanContext } from './call-scan';
import { orcStep, type StepContext, type StepResult, type UnwindState } from './orc-step';
import { isUserMode } from './pt-regs';
import type { StackRange, UnwindResult, UnwindStart, UnwoundFrame } from './unwind-types';

export interface UnwindContext extends StepContext {
  /** Kernel text (vmlinux .text/.init.text, module text): where a kernel pc may be. */
  isKernelText(ip: bigint): boolean;
  maxFrames?: number;
  /** Names a pc in messages (symbol+offset). */
  describe?(ip: bigint): string;
  /** Finding the caller of a function ORC does not describe (call-scan.ts). */
  callScan?: CallScanContext;
  /** Reads what the lookups of this pc need (a module's tables) before the step. */
  prepare?(ip: bigint): Promise<void>;
}

const DEFAULT_MAX_FRAMES = 128;
const hex = (v: bigint) => `0x${v.toString(16)}`;

export async function unwind(start: UnwindStart, ctx: UnwindContext): Promise<UnwindResult> {
  const frames: UnwoundFrame[] = [];
  const warnings: Warning[] = [];
  const where = (ip: bigint) => ctx.describe?.(ip) ?? hex(ip);
  const stop = (end: UnwindResult['end'], message?: string): UnwindResult => {
    if (message) warnings.push({ code: end === 'frame-limit' ? 'UNWIND_LIMIT' : 'UNWIND_STOPPED', message });
    return { frames, end, warnings };
  };

  let st: UnwindState = {
    ip: start.ip,
    sp: start.sp,
    bp: start.bp,
    regs: start.regs,
    fullRegs: start.regs !== null,
    prevRegs: null,
    signal: start.signal,
  };
  if (start.regs && isUserMode(start.regs)) return stop('user-mode');
  let stack = ctx.stacks.stackOf(st.sp) ?? null;
  let method = start.method;
  const left = new Set<StackRange>();
  let guessed = method === 'frame-pointer';
  const max = ctx.maxFrames ?? DEFAULT_MAX_FRAMES;

  // ip 0 is a call through a NULL pointer (null_orc_entry unwinds it).
  if (st.ip !== 0n && !ctx.isKernelText(st.ip)) return stop('error', `start pc ${hex(st.ip)} is not kernel text`);
  for (;;) {
    const frame: UnwoundFrame = { pc: st.ip, sp: st.sp, signal: st.signal, method, stack };
    frames.push(frame);
    if (!stack) return stop('error', `sp ${hex(st.sp)} at ${where(st.ip)} is not on a known stack`);
    if (frames.length >= max) return stop('frame-limit', `stopped after ${max} frames`);

    await ctx.prepare?.(st.ip);
    const r = await step(st, ctx);
    if (r.kind === 'end') return stop('end-of-stack');
    if (r.kind === 'error' || r.kind === 'undefined') return stop('error', `${r.message} (${where(st.ip)})`);
    if (r.saved) frame.saved = r.saved;
    const next = r.state;
    if (next.regs && isUserMode(next.regs)) return stop('user-mode');

    const nextStack = ctx.stacks.stackOf(next.sp);
    if (!nextStack) return stop('error', `caller's sp ${hex(next.sp)} of ${where(st.ip)} is not on a known stack`);
    if (nextStack === stack) {
      if (next.sp <= st.sp) return stop('error', `stack going in the wrong direction at ${where(st.ip)} (sp ${hex(st.sp)} -> ${hex(next.sp)})`);
    } else {
      if (left.has(nextStack)) return stop('error', `${nextStack.label} stack entered twice at ${where(st.ip)}`);
      left.add(stack);
    }
    if (!ctx.isKernelText(next.ip)) return stop('error', `pc ${hex(next.ip)} found by ${where(st.ip)} is not kernel text`);
    if (r.method === 'frame-pointer' && !guessed) {
      guessed = true;
      warnings.push({ code: 'UNWIND_FRAME_POINTER', message: `no ORC data for ${where(st.ip)}: the frames above it are a frame-pointer guess` });
    }
    st = next;
    stack = nextStack;
    // Once a frame is a guess, so is every frame found from it (the kernel's state->error).
    method = guessed ? 'frame-pointer' : r.saved ? 'registers' : r.method;
  }
}

/**
 * An ORC step; where ORC has nothing (UNDEFINED, or no entry, which would mean a
 * frame-pointer guess) a return address proven by its call instruction is taken first.
 */
async function step(st: UnwindState, ctx: UnwindContext): Promise<StepResult> {
  const r = await orcStep(st, ctx);
  const noOrc = r.kind === 'undefined' || (r.kind === 'next' && r.method === 'frame-pointer');
  if (!noOrc || !ctx.callScan || st.ip === 0n) return r;
  const c = await findCallerSlot(st.ip, st.sp, ctx.callScan).catch(() => null);
  if (!c) return r;
  return {
    kind: 'next',
    method: 'stack-scan',
    state: { ip: c.returnAddress, sp: c.slot + 8n, bp: st.bp, regs: null, fullRegs: false, prevRegs: null, signal: false },
  };
}
