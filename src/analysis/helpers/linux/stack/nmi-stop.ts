// The NMI stop frame of a CPU that kdump stopped. Before kexec the panicking CPU sends an
// NMI to the others (arch/x86/kernel/crash.c kdump_nmi_shootdown_cpus → reboot.c
// nmi_shootdown_cpus); each runs crash_nmi_callback, which saves the *interrupted*
// registers into its NT_PRSTATUS note (kdump_nmi_callback → crash_save_cpu) and then
// halts inside crash_nmi_callback. The note thus says what the CPU was doing, not where it
// stopped; crash shows both (crash_nmi_callback ← default_do_nmi ← exc_nmi ← asm_exc_nmi,
// then the interrupted registers), drgn only the former.
// The halted frame's registers are lost, so it is found the way crash finds it
// (x86_64.c x86_64_get_dumpfile_stack_frame): a return address into crash_nmi_callback
// on the NMI stack or on the task stack (an NMI from user mode runs exc_nmi on the thread
// stack, arch/x86/entry/entry_64.S asm_exc_nmi). Unlike crash, a candidate is accepted
// only if ORC unwinds from it to a pt_regs that holds exactly the note's rip, rsp and cs:
// stale words cannot pass that test.
import type { SymbolAt } from '../../../debuginfo/debug-info';
import { FaultError } from '../../../errors';
import type { AddressSpace } from '../../../memory/address-space';
import type { RegisterSet } from '../../../unwind/pt-regs';
import { unwind, type UnwindContext } from '../../../unwind/unwinder';
import type { StackRange, UnwindResult } from '../../../unwind/unwind-types';

export const NMI_STOP_FUNCTION = 'crash_nmi_callback';

export interface NmiStopSearch {
  space: AddressSpace;
  symbolize(address: bigint): SymbolAt | undefined;
  /** The stacks to scan: the CPU's NMI stack and the task's stack. */
  stacks: StackRange[];
  /** Registers of the NT_PRSTATUS note (the interrupted context). */
  interrupted: RegisterSet;
  ctx: UnwindContext;
}

/** The unwind from the NMI stop frame, or null when no candidate proves itself. */
export async function findNmiStop(s: NmiStopSearch): Promise<UnwindResult | null> {
  for (const range of s.stacks) {
    let bytes: Uint8Array;
    try {
      bytes = await s.space.read(range.start, Number(range.end - range.start));
    } catch (e) {
      if (e instanceof FaultError) continue;
      throw e;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let o = 0; o + 8 <= bytes.length; o += 8) {
      const w = view.getBigUint64(o, true);
      const at = s.symbolize(w - 1n);
      if (at?.symbol.name !== NMI_STOP_FUNCTION) continue;
      const slot = range.start + BigInt(o);
      const r = await unwind({ ip: w, sp: slot + 8n, bp: 0n, regs: null, signal: false, method: 'stack-scan' }, s.ctx);
      if (reachesInterrupted(r, s.interrupted)) return r;
    }
  }
  return null;
}

function reachesInterrupted(r: UnwindResult, regs: RegisterSet): boolean {
  return r.frames.some(
    (f) => f.saved && !f.saved.partial && f.saved.regs.rip === regs.rip && f.saved.regs.rsp === regs.rsp && f.saved.regs.cs === regs.cs,
  );
}
