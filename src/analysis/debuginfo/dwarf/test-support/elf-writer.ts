// A minimal ELF64 little-endian ET_EXEC file holding the given sections (through the
// debuginfo test ELF writer), to test the section lookup and to feed whole "files" to
// openDwarf.
import { writeElf } from '../../test-support/elf-writer';

/** SHT_PROGBITS; SHF_COMPRESSED (gABI) for the sections named in `compressed`. */
export function buildElf(
  sections: Record<string, Uint8Array>,
  opts: { type?: number; compressed?: string[] } = {},
): Uint8Array {
  return writeElf({
    type: opts.type,
    sections: Object.entries(sections).map(([name, data]) => ({
      name,
      type: 1,
      data,
      flags: opts.compressed?.includes(name) ? 0x800n : 0n,
    })),
  });
}

/** buildElf with `.debug_` prefixed to each key (writeDwarf's output). */
export function dwarfElf(
  sections: Record<string, Uint8Array>,
  opts?: { type?: number; compressed?: string[] },
): Uint8Array {
  return buildElf(
    Object.fromEntries(Object.entries(sections).map(([k, v]) => [`.debug_${k}`, v])),
    opts,
  );
}
