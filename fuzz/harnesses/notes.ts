// ELF notes: a PT_NOTE segment's bytes through parseNotes (both byte orders), then every
// note decoder: NT_PRSTATUS for x86_64/arm64/i386, QEMU CPU state, NT_PRPSINFO,
// VMCOREINFO, decodeCpus and the report's system and cpus sections.
import { openElfCore } from '../../src/analysis/formats/elf-core';
import type { Arch } from '../../src/analysis/formats/dump-image';
import { NT_PRPSINFO, type ElfNote } from '../../src/analysis/formats/notes/elf-note';
import { parseNotes } from '../../src/analysis/formats/notes/parse-notes';
import { decodePrpsinfo } from '../../src/analysis/formats/notes/prpsinfo';
import { decodePrstatus } from '../../src/analysis/formats/notes/prstatus';
import { decodeQemuCpuState } from '../../src/analysis/formats/notes/qemu-note';
import { findVmcoreInfo } from '../../src/analysis/formats/notes/vmcoreinfo';
import { encodeNotes } from '../../src/analysis/formats/test-support/elf-writer';
import { buildReport } from '../../src/analysis/report/build-report';
import { openFileSource } from '../../src/node/file-source';
import { isElfCore } from '../core/fixture-files';
import { denseInput, flatten, type FuzzInput } from '../core/fuzz-input';
import { tolerateSync, type Harness, type SeedContext } from '../core/harness';
import { notesImage } from './support/notes-image';
import { prpsinfoNote, prstatusNote, qemuNote, vmcoreinfoNote } from './support/synthetic-cores';

const ARCHES: Arch[] = ['x86_64', 'arm64', 'x86', 'unknown'];

async function decodeAll(notes: ElfNote[], le: boolean): Promise<void> {
  notes.forEach((n, i) => {
    for (const arch of ARCHES) tolerateSync(() => decodePrstatus(n, arch, i, le));
    tolerateSync(() => decodeQemuCpuState(n, i, le));
    if (n.type === NT_PRPSINFO) for (const is64 of [true, false]) tolerateSync(() => decodePrpsinfo(n, is64, le));
  });
  findVmcoreInfo(notes)?.entries();
  for (const arch of ARCHES) await buildReport(notesImage(notes, arch, le));
}

async function run(input: FuzzInput): Promise<void> {
  const bytes = flatten(input.files[0]!);
  for (const le of [true, false]) {
    const { notes } = parseNotes(bytes, 'notes', 0x1000, le);
    await decodeAll(notes, le);
  }
}

export const harness: Harness = {
  name: 'notes',
  async seeds(ctx: SeedContext): Promise<FuzzInput[]> {
    const out = [
      denseInput('synthetic-kernel', 'notes', encodeNotes([prstatusNote(1), prstatusNote(2), prpsinfoNote(true), vmcoreinfoNote()])),
      denseInput('synthetic-qemu', 'notes', encodeNotes([prstatusNote(1), qemuNote(), vmcoreinfoNote()])),
      denseInput('synthetic-i386-be', 'notes', encodeNotes([prstatusNote(1, 4, false), prpsinfoNote(false, false)], false)),
    ];
    for (const f of ctx.fixtures.filter(isElfCore)) {
      const src = await openFileSource(f.path);
      try {
        const image = await openElfCore(src);
        out.push(denseInput(f.id, 'notes', encodeNotes(image.notes.map((n) => ({ name: n.name, type: n.type, desc: n.desc })))));
      } finally {
        await src.close();
      }
    }
    return out;
  },
  run,
};
