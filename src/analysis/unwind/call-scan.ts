// The caller of a function ORC does not describe (an UNDEFINED entry: objtool left the
// function out, as it does for __crash_kexec in Debian's 6.1, or code with no entry at
// all). Like crash's x86_64_function_called_by, it looks up the stack for a return
// address right after a direct `call rel32` (opcode e8) whose target is the start of the
// function the frame is in. Only a call *to this function* qualifies, so stale return
// addresses of other calls cannot be taken; the first one above sp is the live frame's
// (the function's own locals lie below its return slot). An indirect call cannot be
// proven and is not guessed.
import type { StackMap, UnwindMemory } from './unwind-types';

export interface CallScanContext {
  memory: UnwindMemory;
  stacks: StackMap;
  /** Start of the function containing ip (symbol address), if known. */
  functionStart(ip: bigint): bigint | undefined;
  isKernelText(ip: bigint): boolean;
  /** Kernel text bytes. */
  readText(address: bigint, length: number): Promise<Uint8Array>;
}

/** Frames larger than this are not searched (the kernel warns at 2 KiB, -Wframe-larger-than). */
export const MAX_SCAN_BYTES = 4096n;
const CALL_REL32 = 0xe8;
const CALL_SIZE = 5n;

export interface CallerSlot {
  /** Address of the return address; the caller's sp is slot + 8. */
  slot: bigint;
  returnAddress: bigint;
}

export async function findCallerSlot(ip: bigint, sp: bigint, ctx: CallScanContext): Promise<CallerSlot | null> {
  const target = ctx.functionStart(ip);
  const stack = ctx.stacks.stackOf(sp);
  if (target === undefined || !stack) return null;
  const end = sp + MAX_SCAN_BYTES < stack.end ? sp + MAX_SCAN_BYTES : stack.end;
  for (let a = sp; a + 8n <= end; a += 8n) {
    const w = await ctx.memory.readU64(a);
    if (!ctx.isKernelText(w - CALL_SIZE)) continue;
    let insn: Uint8Array;
    try {
      insn = await ctx.readText(w - CALL_SIZE, Number(CALL_SIZE));
    } catch {
      continue;
    }
    if (insn[0] !== CALL_REL32) continue;
    const rel = new DataView(insn.buffer, insn.byteOffset + 1, 4).getInt32(0, true);
    if (BigInt.asUintN(64, w + BigInt(rel)) === target) return { slot: a, returnAddress: w };
  }
  return null;
}
