// Per-CPU registers and VMCOREINFO of any DumpImage, from its raw notes.
// CPU number = index among the NT_PRSTATUS notes, as crash and drgn count: crash_save_cpu
// fills the notes in for_each_possible_cpu order, but a CPU that never saved its state has
// no note, so "n-th note" may differ from "CPU n" on machines with offline CPUs.
import { errorMessage, type Warning } from '../../errors';
import type { DumpImage } from '../dump-image';
import type { CpuRegisters } from './cpu-registers';
import { NT_PRSTATUS } from './elf-note';
import { decodePrstatus } from './prstatus';
import {
  decodeQemuCpuState,
  qemuStateRegisters,
  QEMU_NOTE_NAME,
  type QemuCpuState,
} from './qemu-note';
import { findVmcoreInfo, type VmcoreInfo } from './vmcoreinfo';

/**
 * One entry per decodable NT_PRSTATUS note, in note order. A note too short for the
 * architecture is skipped with a warning (the others keep their CPU numbers). A QEMU dump
 * without NT_PRSTATUS falls back to its "QEMU" notes (x86_64 only).
 * Warnings go to `warnings`, or to image.warnings (once each) when not given.
 */
export function decodeCpus(image: DumpImage, warnings?: Warning[]): CpuRegisters[] {
  const warn = (w: Warning) => pushWarning(image, w, warnings);
  const out: CpuRegisters[] = [];
  const prstatus = image.notes.filter((n) => n.name === 'CORE' && n.type === NT_PRSTATUS);
  prstatus.forEach((note, cpu) => {
    try {
      const regs = decodePrstatus(note, image.arch, cpu, image.littleEndian);
      if (regs) out.push(regs);
    } catch (e) {
      warn({
        code: 'BAD_PRSTATUS',
        message: `NT_PRSTATUS note ${cpu} skipped: ${errorMessage(e)}`,
      });
    }
  });
  if (prstatus.length === 0 && image.arch === 'x86_64') {
    for (const s of qemuCpuStates(image, warnings)) {
      out.push({
        cpu: s.cpu,
        pid: s.cpu + 1,
        arch: 'x86_64',
        registers: qemuStateRegisters(s),
        source: 'qemu',
        descOffset: s.descOffset,
      });
    }
  }
  return out;
}

/** QEMUCPUState of each vCPU (x86 QEMU dumps only), in note order = vCPU index. */
export function qemuCpuStates(image: DumpImage, warnings?: Warning[]): QemuCpuState[] {
  if (image.arch !== 'x86_64' && image.arch !== 'x86') return [];
  const out: QemuCpuState[] = [];
  const notes = image.notes.filter((n) => n.name === QEMU_NOTE_NAME && n.type === 0);
  notes.forEach((note, cpu) => {
    try {
      out.push(decodeQemuCpuState(note, cpu, image.littleEndian));
    } catch (e) {
      pushWarning(
        image,
        {
          code: 'BAD_QEMU_NOTE',
          message: `QEMU CPU state note ${cpu} skipped: ${errorMessage(e)}`,
        },
        warnings,
      );
    }
  });
  return out;
}

/** The kernel's VMCOREINFO ("VMCOREINFO" note; Xen's "VMCOREINFO_XEN" is ignored), or null. */
export function vmcoreInfoOf(image: DumpImage): VmcoreInfo | null {
  return findVmcoreInfo(image.notes);
}

function pushWarning(image: DumpImage, w: Warning, to?: Warning[]): void {
  if (to) to.push(w);
  else if (!image.warnings.some((x) => x.code === w.code && x.message === w.message))
    image.warnings.push(w);
}
