// Reads the raw kallsyms tables out of kernel memory (sizes as libdrgn/kallsyms.c
// kallsyms_copy_tables works them out): token_index is u16[256]; the token table ends
// at the NUL after its highest-indexed token; the names table is as long as the walk
// over num_syms length prefixes; offsets/addresses have num_syms entries.
// Integers are little-endian (x86_64, arm64).
import { BadDataError } from '../../errors';
import { readU32, readU64, type AddressSpace } from '../../memory/address-space';
import type { AddressTables } from './kallsyms-addresses';
import type { KallsymsLocation } from './kallsyms-location';
import { walkNames } from './kallsyms-names';

/** A count above this is corrupt (a distribution kernel has ~100k-200k symbols). */
export const MAX_SYMS = 4 << 20;
/** Upper bound on kallsyms_names. */
export const MAX_NAMES_BYTES = 64 << 20;
const FIRST_NAMES_READ = 1 << 20;
const TOKEN_SLACK = 256;

export interface RawKallsyms {
  count: number;
  /** kallsyms_names, possibly with bytes after its end. */
  names: Uint8Array;
  /** Length encoding under which the names walk succeeded (see kallsyms-names.ts). */
  longNamesCandidates: boolean[];
  tokenTable: Uint8Array;
  tokenIndex: Uint16Array;
  addressTables: AddressTables;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

export async function readKallsymsTables(
  space: AddressSpace,
  loc: KallsymsLocation,
): Promise<RawKallsyms> {
  const count = await readU32(space, loc.numSyms);
  if (count === 0 || count > MAX_SYMS) {
    throw new BadDataError(
      `kallsyms_num_syms at ${hex(loc.numSyms)}`,
      0,
      `a symbol count of 1..${MAX_SYMS}`,
      String(count),
    );
  }
  const idxBytes = await space.read(loc.tokenIndex, 512);
  const tokenIndex = new Uint16Array(256);
  const dv = new DataView(idxBytes.buffer, idxBytes.byteOffset, 512);
  let maxIdx = 0;
  for (let b = 0; b < 256; b++) {
    tokenIndex[b] = dv.getUint16(2 * b, true);
    maxIdx = Math.max(maxIdx, tokenIndex[b]!);
  }
  const tokenTable = await readTokenTable(space, loc.tokenTable, maxIdx);
  const { names, longNamesCandidates } = await readNames(space, loc, count);
  const addressTables: AddressTables = { count };
  if (loc.offsets !== undefined) {
    const b = await space.read(loc.offsets, 4 * count);
    addressTables.offsets = new Int32Array(count);
    const v = new DataView(b.buffer, b.byteOffset, b.length);
    for (let i = 0; i < count; i++) addressTables.offsets[i] = v.getInt32(4 * i, true);
    addressTables.offsetsAddress = loc.offsets;
    if (loc.relativeBase !== undefined)
      addressTables.relativeBase = await readU64(space, loc.relativeBase);
  } else if (loc.addresses !== undefined) {
    const b = await space.read(loc.addresses, 8 * count);
    const v = new DataView(b.buffer, b.byteOffset, b.length);
    addressTables.absolute = new BigUint64Array(count);
    for (let i = 0; i < count; i++) addressTables.absolute[i] = v.getBigUint64(8 * i, true);
  }
  return { count, names, longNamesCandidates, tokenTable, tokenIndex, addressTables };
}

/** The token table up to the NUL that ends its last token (at most TOKEN_SLACK bytes past the highest index). */
async function readTokenTable(
  space: AddressSpace,
  at: bigint,
  maxIdx: number,
): Promise<Uint8Array> {
  let table = await space.read(at, maxIdx + 1);
  for (let extra = 0; table.indexOf(0, maxIdx) < 0 && extra < TOKEN_SLACK; extra += 32) {
    const more = await space.read(at + BigInt(table.length), 32);
    const t = new Uint8Array(table.length + more.length);
    t.set(table);
    t.set(more, table.length);
    table = t;
  }
  return table;
}

/**
 * Reads kallsyms_names: first up to the token table when it follows (the layout of
 * scripts/kallsyms.c), else 1 MiB, doubling until a walk over `count` entries fits.
 */
async function readNames(
  space: AddressSpace,
  loc: KallsymsLocation,
  count: number,
): Promise<{ names: Uint8Array; longNamesCandidates: boolean[] }> {
  const gap = loc.tokenTable - loc.names;
  let size = gap > 0n && gap <= BigInt(MAX_NAMES_BYTES) ? Number(gap) : FIRST_NAMES_READ;
  for (;;) {
    const names = await space.read(loc.names, size);
    const walks = [true, false].map((long) => walkNames(names, count, long));
    const ok = [true, false].filter((_, k) => typeof walks[k] === 'number');
    if (ok.length > 0) {
      const end = Math.max(...walks.filter((w): w is number => typeof w === 'number'));
      return { names: names.subarray(0, end), longNamesCandidates: ok };
    }
    if (!walks.includes('short') || size >= MAX_NAMES_BYTES) {
      throw new BadDataError(
        `kallsyms_names at ${hex(loc.names)}`,
        0,
        `${count} length-prefixed names within ${size} bytes`,
        walks.includes('short') ? 'the table runs on' : 'a zero length',
      );
    }
    size = Math.min(size * 2, MAX_NAMES_BYTES);
  }
}
