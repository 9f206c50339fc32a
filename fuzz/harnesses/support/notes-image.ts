// A DumpImage that is only notes (no memory), to drive the note consumers (decodeCpus,
// the report) without a container.
import type { Arch, DumpImage } from '../../../src/analysis/formats/dump-image';
import { FaultError } from '../../../src/analysis/errors';
import type { ElfNote } from '../../../src/analysis/formats/notes/elf-note';

export function notesImage(notes: ElfNote[], arch: Arch, littleEndian: boolean): DumpImage {
  return {
    format: 'elf',
    files: ['notes'],
    compression: 'none',
    producer: notes.some((n) => n.name === 'QEMU') ? 'qemu' : 'kernel',
    arch,
    littleEndian,
    pageSize: 4096,
    facts: {},
    notes,
    physRanges: [],
    virtualSegments: [],
    excludedPages: 0,
    warnings: [],
    pageState: () => 'hole',
    readPhys: (paddr: bigint) => Promise.reject(new FaultError(paddr, 'hole', 'physical')),
  };
}
