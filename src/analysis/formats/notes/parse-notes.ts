// Parses a PT_NOTE segment: a sequence of Elf{32,64}_Nhdr {u32 n_namesz, n_descsz, n_type}
// followed by the name and desc, each padded to 4 bytes. (Both ELF classes use 4-byte
// note alignment in vmcores: fs/proc/vmcore.c, kernel/crash_core.c append_elf_note.)
// A note whose sizes run past the segment ends the walk with a warning, keeping the
// notes before it.
import { Cursor } from '../../binary/cursor';
import type { Warning } from '../../errors';
import type { ElfNote } from './elf-note';

const align4 = (n: number) => (n + 3) & ~3;
const MAX_NAME = 256;

export interface ParsedNotes {
  notes: ElfNote[];
  warnings: Warning[];
}

export function parseNotes(
  bytes: Uint8Array,
  source: string,
  fileOffset: number,
  littleEndian = true,
): ParsedNotes {
  const c = new Cursor(bytes, source, fileOffset, littleEndian);
  const notes: ElfNote[] = [];
  const warnings: Warning[] = [];
  while (c.remaining >= 12) {
    const at = c.pos;
    const namesz = c.u32('n_namesz');
    const descsz = c.u32('n_descsz');
    const type = c.u32('n_type');
    // The kernel pads unused note space with zeros (a final empty Nhdr): stop there.
    if (namesz === 0 && descsz === 0 && type === 0) break;
    const need = align4(namesz) + align4(descsz);
    if (namesz > c.remaining || descsz > c.remaining || need > c.remaining) {
      warnings.push({
        code: 'BAD_NOTE',
        message: `${source}, offset 0x${(fileOffset + at).toString(16)}: note with n_namesz=${namesz} n_descsz=${descsz} runs past the end of the note segment (${c.remaining} bytes left); later notes ignored`,
      });
      break;
    }
    const nameBytes = c.bytesAt(align4(namesz), 'note name').subarray(0, namesz);
    let end = nameBytes.indexOf(0);
    if (end < 0) end = nameBytes.length;
    // Not String.fromCharCode(...bytes): a corrupt n_namesz of a few hundred KiB would
    // overflow the call stack. Real owner names are short; longer ones are cut.
    let name = '';
    for (let i = 0; i < Math.min(end, MAX_NAME); i++) name += String.fromCharCode(nameBytes[i]!);
    const descOffset = fileOffset + c.pos;
    const desc = c.bytesAt(align4(descsz), 'note desc').subarray(0, descsz);
    notes.push({ name, type, desc, descOffset, source });
  }
  return { notes, warnings };
}
