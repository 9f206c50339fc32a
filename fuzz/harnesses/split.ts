// Split kdump dumps (makedumpfile --split) through openDump with several files: each
// part's header and split range, the joining checks, and reads routed to the parts.
// Seeds: synthetic part sets (no split fixture exists).
import { dumpHarness } from './support/dump-harness';
import { syntheticSplits } from './support/synthetic-kdumps';

export const harness = dumpHarness('split', syntheticSplits, () => false);
