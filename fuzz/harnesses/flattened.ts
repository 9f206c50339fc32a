// makedumpfile -F flattened streams through openDump: the record index, reads through
// it, and the kdump or ELF image inside. Seeds: synthetic streams (in order, reversed,
// without end marker, ELF inside) and the flattened fixtures.
import { isFlattened } from '../core/fixture-files';
import { dumpHarness } from './support/dump-harness';
import { syntheticFlattened } from './support/synthetic-kdumps';

export const harness = dumpHarness('flattened', syntheticFlattened, isFlattened);
