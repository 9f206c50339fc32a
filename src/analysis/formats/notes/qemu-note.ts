// QEMU's per-vCPU "QEMU" note (type 0) of x86 dump-guest-memory: QEMUCPUState
// (qemu target/i386/arch_dump.c cpu_write_qemu_note; same struct for ELF32 and ELF64):
//   u32 version (1), u32 size;
//   u64 rax rbx rcx rdx rsi rdi rsp rbp r8..r15 rip rflags          @8   (18 × 8)
//   QEMUCPUSegment cs ds es fs gs ss ldt tr gdt idt                  @152 (10 × 24)
//     { u32 selector, limit, flags, pad; u64 base }
//   u64 cr[5] (cr0..cr4; cr3 = page-table root)                      @392
//   u64 kernel_gs_base (later QEMU versions; size 440)               @432
// The notes follow the NT_PRSTATUS notes in vCPU order (qemu dump/dump.c write_elf64_notes).
import { Cursor } from '../../binary/cursor';
import type { ElfNote } from './elf-note';

export const QEMU_NOTE_NAME = 'QEMU';

// prettier-ignore
export const QEMU_GPRS = [
  'rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rsp', 'rbp', 'r8', 'r9', 'r10', 'r11', 'r12',
  'r13', 'r14', 'r15', 'rip', 'rflags',
] as const;

export const QEMU_SEGMENTS = [
  'cs',
  'ds',
  'es',
  'fs',
  'gs',
  'ss',
  'ldt',
  'tr',
  'gdt',
  'idt',
] as const;

export type QemuGpr = (typeof QEMU_GPRS)[number];
export type QemuSegmentName = (typeof QEMU_SEGMENTS)[number];

export interface QemuSegment {
  selector: number;
  limit: number;
  /** Descriptor attribute bits as QEMU keeps them (DESC_* in target/i386/cpu.h). */
  flags: number;
  base: bigint;
}

export interface QemuCpuState {
  /** Index among the QEMU notes = vCPU index. */
  cpu: number;
  version: number;
  size: number;
  gprs: Record<QemuGpr, bigint>;
  segments: Record<QemuSegmentName, QemuSegment>;
  cr0: bigint;
  cr2: bigint;
  cr3: bigint;
  cr4: bigint;
  /** Present when size >= 440. */
  kernelGsBase?: bigint;
  descOffset: number;
}

const CR_OFFSET = 8 + QEMU_GPRS.length * 8 + QEMU_SEGMENTS.length * 24; // 392
const MIN_SIZE = CR_OFFSET + 5 * 8; // 432

/** Decodes one QEMUCPUState; throws BadDataError when it is shorter than version 1 needs. */
export function decodeQemuCpuState(note: ElfNote, cpu: number, littleEndian = true): QemuCpuState {
  const c = new Cursor(note.desc, note.source, note.descOffset, littleEndian);
  const version = c.u32('QEMUCPUState.version');
  const size = c.u32('QEMUCPUState.size');
  c.need(MIN_SIZE, 'QEMUCPUState (version 1, 432 bytes)', 0);
  const gprs = {} as Record<QemuGpr, bigint>;
  for (const r of QEMU_GPRS) gprs[r] = c.u64(`QEMUCPUState.${r}`);
  const segments = {} as Record<QemuSegmentName, QemuSegment>;
  for (const s of QEMU_SEGMENTS) {
    const selector = c.u32(`${s}.selector`);
    const limit = c.u32(`${s}.limit`);
    const flags = c.u32(`${s}.flags`);
    c.u32(`${s}.pad`);
    segments[s] = { selector, limit, flags, base: c.u64(`${s}.base`) };
  }
  const cr = [0, 1, 2, 3, 4].map((i) => c.u64(`cr[${i}]`));
  const state: QemuCpuState = {
    cpu,
    version,
    size,
    gprs,
    segments,
    cr0: cr[0]!,
    cr2: cr[2]!,
    cr3: cr[3]!,
    cr4: cr[4]!,
    descOffset: note.descOffset,
  };
  if (size >= MIN_SIZE + 8 && c.remaining >= 8) state.kernelGsBase = c.u64('kernel_gs_base');
  return state;
}

/** x86_64 register set (user_regs_struct names, like NT_PRSTATUS) from a QEMU CPU state. */
export function qemuStateRegisters(s: QemuCpuState): Record<string, bigint> {
  const g = s.gprs;
  const seg = s.segments;
  // prettier-ignore
  return {
    r15: g.r15, r14: g.r14, r13: g.r13, r12: g.r12, rbp: g.rbp, rbx: g.rbx, r11: g.r11,
    r10: g.r10, r9: g.r9, r8: g.r8, rax: g.rax, rcx: g.rcx, rdx: g.rdx, rsi: g.rsi,
    rdi: g.rdi, rip: g.rip, cs: BigInt(seg.cs.selector), eflags: g.rflags, rsp: g.rsp,
    ss: BigInt(seg.ss.selector), fs_base: seg.fs.base, gs_base: seg.gs.base,
    ds: BigInt(seg.ds.selector), es: BigInt(seg.es.selector), fs: BigInt(seg.fs.selector),
    gs: BigInt(seg.gs.selector),
  };
}
