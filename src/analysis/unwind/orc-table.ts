// One ORC table (vmlinux or a module): `.orc_unwind_ip` holds an s32 per entry, relative
// to the entry's own address (ip = &table[i] + table[i], unwind_orc.c orc_ip), and
// `.orc_unwind` the parallel 6-byte entries. The vmlinux table is sorted at build time
// (scripts/sorttable, v5.6 f14bf6a350df), module tables at load (unwind_module_init);
// an unsorted table is sorted here the kernel's way: at equal ips the terminator first,
// so that the rightmost match (__orc_find) is the real entry.
// Lookup = rightmost entry whose ip <= target; the in-memory `orc_lookup` array (one u32
// per 256-byte block of [_stext, _etext), filled by unwind_init at boot; zero in the
// vmlinux file) narrows the search when it is consistent, as orc_find does.
import { floorIndex } from './floor-index';
import { decodeOrcEntry, isTerminator, ORC_ENTRY_SIZE, type OrcEntry, type OrcFormatVersion } from './orc-entry';

/** LOOKUP_BLOCK_ORDER (arch/x86/include/asm/orc_lookup.h). */
export const LOOKUP_BLOCK_SHIFT = 8n;

export interface OrcLookupBlocks {
  /** LOOKUP_START_IP (_stext) and LOOKUP_STOP_IP (_etext), runtime addresses. */
  start: bigint;
  stop: bigint;
  blocks: Uint32Array;
}

export interface OrcTableInput {
  /** Runtime address of .orc_unwind_ip[0]. */
  ipTableAddress: bigint;
  /** Raw .orc_unwind_ip bytes (s32 LE each). */
  ipBytes: Uint8Array;
  /** Raw .orc_unwind bytes (6 per entry). */
  entryBytes: Uint8Array;
  version: OrcFormatVersion;
  /** Addresses this table answers for; outside them find() says "not mine". */
  ranges: { start: bigint; end: bigint }[];
  lookup?: OrcLookupBlocks;
  name: string;
}

export class OrcTable {
  readonly name: string;
  readonly version: OrcFormatVersion;
  readonly size: number;
  private readonly base: bigint;
  /** ip - base of each entry, ascending. */
  private readonly ips: Float64Array;
  private readonly entries: DataView;
  private readonly ranges: { start: bigint; end: bigint }[];
  private lookup: OrcLookupBlocks | undefined;
  /** True when the table had to be sorted here. */
  readonly sorted: boolean;

  constructor(input: OrcTableInput) {
    const n = Math.min(Math.floor(input.ipBytes.length / 4), Math.floor(input.entryBytes.length / ORC_ENTRY_SIZE));
    this.name = input.name;
    this.version = input.version;
    this.size = n;
    this.base = input.ipTableAddress;
    this.ranges = input.ranges;
    const raw = new DataView(input.ipBytes.buffer, input.ipBytes.byteOffset, n * 4);
    const ents = new DataView(input.entryBytes.buffer, input.entryBytes.byteOffset, n * ORC_ENTRY_SIZE);
    const ips = new Float64Array(n);
    let ordered = true;
    for (let i = 0; i < n; i++) {
      ips[i] = 4 * i + raw.getInt32(i * 4, true);
      if (i > 0 && (ips[i]! < ips[i - 1]! || (ips[i] === ips[i - 1] && isTerminator(ents, i, input.version)))) ordered = false;
    }
    if (ordered) {
      this.ips = ips;
      this.entries = ents;
    } else {
      const order = Array.from({ length: n }, (_, i) => i);
      const term = (i: number) => (isTerminator(ents, i, input.version) ? 0 : 1);
      order.sort((a, b) => ips[a]! - ips[b]! || term(a) - term(b));
      this.ips = Float64Array.from(order, (i) => ips[i]!);
      const out = new Uint8Array(n * ORC_ENTRY_SIZE);
      const src = new Uint8Array(ents.buffer, ents.byteOffset, ents.byteLength);
      order.forEach((from, to) => out.set(src.subarray(from * ORC_ENTRY_SIZE, (from + 1) * ORC_ENTRY_SIZE), to * ORC_ENTRY_SIZE));
      this.entries = new DataView(out.buffer);
    }
    this.sorted = !ordered;
    if (input.lookup && this.lookupConsistent(input.lookup)) this.lookup = input.lookup;
  }

  /** True when `ip` is in one of the ranges this table describes. */
  covers(ip: bigint): boolean {
    return this.ranges.some((r) => ip >= r.start && ip < r.end);
  }

  /** The entry for `ip`; undefined outside this table's ranges or before its first entry. */
  find(ip: bigint): OrcEntry | null | undefined {
    if (!this.covers(ip)) return undefined;
    const i = this.indexOf(ip);
    return i < 0 ? undefined : decodeOrcEntry(this.entries, i, this.version);
  }

  /** Whether the in-memory lookup blocks are being used. */
  get usesLookup(): boolean {
    return this.lookup !== undefined;
  }

  /** Rightmost index whose ip <= `ip`, or -1. */
  indexOf(ip: bigint): number {
    const d = Number(ip - this.base);
    const l = this.lookup;
    if (l && ip >= l.start && ip < l.stop) {
      const idx = Number((ip - l.start) >> LOOKUP_BLOCK_SHIFT);
      if (idx < l.blocks.length - 1) return this.search(d, l.blocks[idx]!, Math.min(this.size, l.blocks[idx + 1]! + 1));
    }
    return this.search(d, 0, this.size);
  }

  /** The ip of entry `i` (runtime address). */
  ipAt(i: number): bigint {
    return this.base + BigInt(this.ips[i]!);
  }

  private search(d: number, first: number, end: number): number {
    return floorIndex(this.ips, d, first, end);
  }

  /**
   * The blocks are usable when they never decrease, stay inside the table, and agree with
   * a full search at a sample of block starts (a corrupt or unfilled array is ignored).
   */
  private lookupConsistent(l: OrcLookupBlocks): boolean {
    const b = l.blocks;
    if (b.length < 2) return false;
    for (let i = 0; i < b.length; i++) {
      if (b[i]! >= this.size || (i > 0 && b[i]! < b[i - 1]!)) return false;
    }
    const step = Math.max(1, Math.floor((b.length - 1) / 64));
    for (let i = 0; i < b.length - 1; i += step) {
      const ip = l.start + (BigInt(i) << LOOKUP_BLOCK_SHIFT);
      if (this.search(Number(ip - this.base), 0, this.size) !== b[i]) return false;
    }
    return true;
  }
}
