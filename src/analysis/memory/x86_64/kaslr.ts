// KASLR on x86_64: the virtual slide of the kernel image (KERNELOFFSET) and the physical
// load delta phys_base are chosen independently (arch/x86/include/asm/setup.h
// kaslr_offset; arch/x86/boot/compressed/kaslr.c). Never derive one from the other.
//
// Kernel image addresses need no page table: `__pa_symbol(x) = x - __START_KERNEL_map +
// phys_base` (arch/x86/include/asm/page_64.h __phys_addr_symbol). phys_base comes from
// VMCOREINFO NUMBER(phys_base) (v4.10+, signed decimal: -570425344 is
// 0xffffffffde000000 mod 2^64), or makedumpfile's kdump sub-header, or the kernel text
// PT_LOAD of a kernel-made ELF vmcore: `p_paddr - (p_vaddr - __START_KERNEL_map)`
// (makedumpfile arch/x86_64.c get_phys_base_x86_64).
import type { Warning } from '../../errors';
import type { VirtualSegment } from '../../formats/dump-image';
import { START_KERNEL_MAP, hex, u64 } from './pgtable-types';

/** Default KERNEL_IMAGE_SIZE with CONFIG_RANDOMIZE_BASE (page_64_types.h); 512 MiB without. */
export const KERNEL_IMAGE_SIZE_KASLR = 1n << 30n;

export type PhysBaseSource = 'vmcoreinfo' | 'kdump-header' | 'elf-text-segment' | 'cr3' | 'input';

export interface PhysBase {
  /** phys_base as an unsigned 64-bit pattern. */
  value: bigint;
  source: PhysBaseSource;
}

/** `__pa_symbol`: physical address of a kernel image address. */
export const kernelImageToPhys = (va: bigint, physBase: bigint): bigint =>
  u64(va - START_KERNEL_MAP + physBase);

/** Inverse of kernelImageToPhys. */
export const physToKernelImage = (pa: bigint, physBase: bigint): bigint =>
  u64(pa - physBase + START_KERNEL_MAP);

/** True for [__START_KERNEL_map, __START_KERNEL_map + KERNEL_IMAGE_SIZE). */
export const inKernelImage = (va: bigint, imageSize = KERNEL_IMAGE_SIZE_KASLR): boolean =>
  va >= START_KERNEL_MAP && va - START_KERNEL_MAP < imageSize;

/**
 * phys_base from the kernel-text PT_LOAD of an ELF vmcore (vaddr in the image mapping).
 * All such segments must agree; QEMU's paging=false dumps have none (vaddr 0).
 */
export function physBaseFromSegments(segs: readonly VirtualSegment[]): bigint | undefined {
  let found: bigint | undefined;
  for (const s of segs) {
    if (!inKernelImage(s.vaddr)) continue;
    const pb = u64(s.paddr - (s.vaddr - START_KERNEL_MAP));
    if (found !== undefined && found !== pb) return undefined;
    found = pb;
  }
  return found;
}

export interface PhysBaseInputs {
  /** Explicit value (from a symbol read, or the user). */
  input?: bigint;
  /** VMCOREINFO NUMBER(phys_base), signed as written. */
  vmcoreinfo?: bigint;
  /** makedumpfile's kdump sub-header phys_base. */
  kdumpHeader?: bigint;
  /** The dump's ELF PT_LOADs with virtual addresses. */
  segments?: readonly VirtualSegment[];
}

/**
 * Picks phys_base: explicit input, then VMCOREINFO, then the kdump sub-header, then the
 * ELF text segment. Sources that disagree with the chosen one are reported as warnings.
 */
export function resolvePhysBase(inp: PhysBaseInputs): { physBase?: PhysBase; warnings: Warning[] } {
  const candidates: PhysBase[] = [];
  if (inp.input !== undefined) candidates.push({ value: u64(inp.input), source: 'input' });
  if (inp.vmcoreinfo !== undefined)
    candidates.push({ value: u64(inp.vmcoreinfo), source: 'vmcoreinfo' });
  if (inp.kdumpHeader !== undefined)
    candidates.push({ value: u64(inp.kdumpHeader), source: 'kdump-header' });
  const fromSeg = inp.segments ? physBaseFromSegments(inp.segments) : undefined;
  if (fromSeg !== undefined) candidates.push({ value: fromSeg, source: 'elf-text-segment' });
  const chosen = candidates[0];
  const warnings: Warning[] = [];
  const qemuHeader = inp.vmcoreinfo !== undefined ? qemuHeaderPhysBase(inp.vmcoreinfo) : undefined;
  if (chosen) {
    for (const c of candidates.slice(1)) {
      if (c.source === 'kdump-header' && c.value === qemuHeader) continue; // QEMU's known misreading
      if (c.value !== chosen.value) {
        warnings.push({
          code: 'PHYS_BASE_MISMATCH',
          message: `phys_base from ${c.source} (0x${hex(c.value)}) differs from ${chosen.source} (0x${hex(chosen.value)}); using ${chosen.source}`,
        });
      }
    }
  }
  return { physBase: chosen, warnings };
}

/**
 * The phys_base QEMU writes into its kdump header: dump/dump.c
 * vmcoreinfo_update_phys_base parses the decimal NUMBER(phys_base) with base 16, so
 * 23068672 (0x1600000) becomes 0x23068672. Recognized so that it is not reported as a
 * conflict; VMCOREINFO wins anyway.
 */
export function qemuHeaderPhysBase(vmcoreinfoNumber: bigint): bigint {
  const digits = (vmcoreinfoNumber < 0n ? -vmcoreinfoNumber : vmcoreinfoNumber).toString(10);
  const misread = BigInt(`0x${digits}`);
  return u64(vmcoreinfoNumber < 0n ? -misread : misread);
}

/**
 * phys_base implied by a page-table translation of a kernel image address (e.g. the
 * address of init_top_pgt walked from a CR3): `pa - (va - __START_KERNEL_map)`.
 */
export const physBaseFromTranslation = (va: bigint, pa: bigint): bigint =>
  u64(pa - (va - START_KERNEL_MAP));
