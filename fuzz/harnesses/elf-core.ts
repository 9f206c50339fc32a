// ELF vmcores through openDump: header, program headers, notes, the piece index, reads
// and the report. Seeds: synthetic cores (ELF64/ELF32, both byte orders, excluded tails,
// PN_XNUM, QEMU notes) and the ELF fixtures' headers, notes and probed pages.
import { isElfCore } from '../core/fixture-files';
import { dumpHarness } from './support/dump-harness';
import { syntheticCores } from './support/synthetic-cores';

export const harness = dumpHarness(
  'elf-core',
  () => syntheticCores().map((c) => ({ label: c.label, files: [{ name: 'vmcore', bytes: c.bytes }] })),
  isElfCore,
);
