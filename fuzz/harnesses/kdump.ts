// kdump-compressed and DISKDUMP files through openDump: header, sub-header, notes,
// bitmaps, page_desc table and page data. Seeds: synthetic files of every layout and the
// kdump fixtures (zstd sample, zlib, lzo, snappy).
import { isKdump } from '../core/fixture-files';
import { dumpHarness } from './support/dump-harness';
import { syntheticKdumps } from './support/synthetic-kdumps';

export const harness = dumpHarness('kdump', syntheticKdumps, isKdump);
