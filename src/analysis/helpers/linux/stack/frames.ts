// Unwound frames as a reader sees them: symbol+offset (System.map names, so
// `__handle_sysrq.cold` rather than DWARF's `__handle_sysrq`), module, and with DWARF the
// source line and the inlined calls expanded into extra frames, innermost first, each at
// the call site of the one inside it (DW_TAG_inlined_subroutine DW_AT_call_file/line), as
// drgn lists them. A return address is looked up at pc - 1 (the call instruction: the
// return address may be the first byte of the next function after a noreturn call), an
// interrupted pc at pc itself.
import type { CodeSource, SymbolAt } from '../../../debuginfo/debug-info';
import type { RegisterSet } from '../../../unwind/pt-regs';
import type { FrameMethod, UnwoundFrame } from '../../../unwind/unwind-types';

export type FrameKind = 'normal' | 'exception' | 'irq';

export interface BacktraceFrame {
  pc: bigint;
  sp: bigint;
  symbol: string | null;
  offset: bigint | null;
  module: string | null;
  file: string | null;
  line: number | null;
  inline: boolean;
  /** exception/irq: this frame's code saved the interrupted registers (`registers`). */
  kind: FrameKind;
  method: FrameMethod;
  /** pc is the interrupted instruction (not a return address). */
  interrupted: boolean;
  /** Label of the stack sp is on ("task", "IRQ", "NMI"…). */
  stack: string | null;
  registers?: RegisterSet;
  registersAddress?: bigint;
  /** Only the IRET frame of the registers is known. */
  partialRegisters?: boolean;
}

export interface FrameSymbols {
  symbolize(address: bigint): SymbolAt | undefined;
  code: CodeSource | null;
  kaslrOffset: bigint;
}

/**
 * Interrupt entry points (arch/x86/include/asm/idtentry.h: DECLARE_IDTENTRY_SYSVEC and
 * DECLARE_IDTENTRY_IRQ make asm_sysvec_* and asm_common_interrupt/asm_spurious_interrupt;
 * irq_entries_start before 5.8): their pt_regs is an IRQ frame, any other an exception.
 */
const IRQ_ENTRY = /^(asm_sysvec_|asm_common_interrupt|asm_spurious_interrupt|irq_entries_start|spurious_entries_start|common_interrupt|ret_from_intr)/;

/**
 * Top-level directories of the kernel tree that hold vmlinux code (the Makefile's
 * core/drivers/libs-y and arch/): a path is cut to start at the first of them, so that a
 * build directory (debian/build/build_amd64_none_cloud-amd64/…, /build/…/linux-6.1.192/…)
 * leaves "kernel/panic.c" as the contract's "drivers/tty/sysrq.c" does.
 */
const TREE_TOP = new Set(['arch', 'block', 'certs', 'crypto', 'drivers', 'fs', 'include', 'init', 'io_uring', 'ipc', 'kernel', 'lib', 'mm', 'net', 'rust', 'security', 'sound', 'virt']);

export function kernelSourcePath(file: string): string {
  const parts = file.split('/');
  const i = parts.findIndex((p, k) => TREE_TOP.has(p) && k < parts.length - 1);
  return i > 0 ? parts.slice(i).join('/') : file;
}

export function describeFrames(frames: readonly UnwoundFrame[], s: FrameSymbols): BacktraceFrame[] {
  const out: BacktraceFrame[] = [];
  for (const f of frames) {
    const lookup = f.signal ? f.pc : f.pc - 1n;
    const at = s.symbolize(lookup);
    const symbol = at?.symbol.name ?? null;
    const base: BacktraceFrame = {
      pc: f.pc,
      sp: f.sp,
      symbol,
      offset: at ? f.pc - at.symbol.address : null,
      module: at?.symbol.module ?? null,
      file: null,
      line: null,
      inline: false,
      kind: f.saved ? (symbol && IRQ_ENTRY.test(symbol) ? 'irq' : 'exception') : 'normal',
      method: f.method,
      interrupted: f.signal,
      stack: f.stack?.label ?? null,
    };
    if (f.saved) {
      base.registers = f.saved.regs;
      base.registersAddress = f.saved.address;
      if (f.saved.partial) base.partialRegisters = true;
    }
    const link = lookup - s.kaslrOffset;
    const chain = s.code?.inlineChainAt?.(link) ?? [];
    let where = s.code?.lineAt?.(link);
    for (const inl of chain) {
      out.push({
        ...base,
        symbol: inl.name || null,
        offset: null,
        file: where ? kernelSourcePath(where.file) : null,
        line: where?.line ?? null,
        inline: true,
        kind: 'normal',
        registers: undefined,
        registersAddress: undefined,
        partialRegisters: undefined,
      });
      where = inl.callFile !== null && inl.callLine !== null ? { file: inl.callFile, line: inl.callLine } : undefined;
    }
    out.push({ ...base, file: where ? kernelSourcePath(where.file) : null, line: where?.line ?? null });
  }
  return out;
}
