// Identifies a file by its magic bytes, never by its name.
//   "\x7fELF" + e_type ET_CORE (4)   → ELF vmcore (kernel /proc/vmcore, makedumpfile -E, QEMU)
//   "\x7fELF" + ET_EXEC/ET_DYN       → an executable: the debug vmlinux
//   "KDUMP   "                       → makedumpfile kdump-compressed (diskdump_mod.h KDUMP_SIGNATURE)
//   "DISKDUMP"                       → the old diskdump module's format
//   "makedumpfile\0…"                → makedumpfile -F flattened stream (makedumpfile.h MAKEDUMPFILE_SIGNATURE)

export type FileKind = 'elf-core' | 'vmlinux' | 'kdump' | 'diskdump' | 'flattened' | 'unknown';

const ascii = (b: Uint8Array, start: number, len: number) =>
  String.fromCharCode(...b.subarray(start, start + len));

export function sniffFileKind(head: Uint8Array): FileKind {
  if (head.length >= 18 && head[0] === 0x7f && ascii(head, 1, 3) === 'ELF') {
    // e_type at offset 16, in the byte order given by e_ident[EI_DATA] (1 = LE, 2 = BE).
    const le = head[5] !== 2;
    const eType = le ? head[16]! | (head[17]! << 8) : (head[16]! << 8) | head[17]!;
    if (eType === 4) return 'elf-core';
    if (eType === 2 || eType === 3) return 'vmlinux';
    return 'unknown';
  }
  if (head.length >= 8) {
    const sig = ascii(head, 0, 8);
    if (sig === 'KDUMP   ') return 'kdump';
    if (sig === 'DISKDUMP') return 'diskdump';
  }
  if (head.length >= 16 && ascii(head, 0, 12) === 'makedumpfile' && head[12] === 0) return 'flattened';
  return 'unknown';
}

/** The first bytes of a file, printable, for "found …" in error messages. */
export function describeMagic(head: Uint8Array): string {
  const b = head.subarray(0, 8);
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
  const text = Array.from(b, (x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
  return b.length === 0 ? 'an empty file' : `bytes ${hex} ("${text}")`;
}
