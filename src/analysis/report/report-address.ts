// Addresses in a report: a lowercase hex string ("0xffffffffab8f1234"), or — in a report
// redacted with `kaslr` — the symbolic form "sysrq_handle_crash+0x16", which says where
// the address points without saying where the kernel was loaded.
import type { HexString } from './report-types';

/** "symbol+0xoff": a kernel address of a `kaslr`-redacted report (offset always written). */
export type SymbolicAddress = `${string}+0x${string}`;

export type ReportAddress = HexString | SymbolicAddress;

/**
 * A symbol further than this from an address does not name it: an address in a region
 * with no symbols (direct map, vmalloc) would otherwise get the last symbol before it,
 * and the offset would give the region's random base away.
 */
export const MAX_SYMBOL_OFFSET = 0x100000n;

/** The canonical upper half of a 64-bit address space: kernel space on x86_64 and arm64. */
const KERNEL_SPACE_64 = 0xffff800000000000n;

export function isKernelAddress(v: bigint): boolean {
  return v >= KERNEL_SPACE_64 && v < 1n << 64n;
}

/** Parses "0x…" (any case, leading zeros allowed); null for anything else. */
export function parseHex(s: string): bigint | null {
  return /^0x[0-9a-f]{1,16}$/i.test(s) ? BigInt(s) : null;
}

/** The report's spelling of an address: lowercase, no leading zeros. */
export function canonicalHex(v: bigint): HexString {
  return `0x${v.toString(16)}`;
}

export function formatSymbolic(symbol: string, offset: bigint | number): SymbolicAddress {
  return `${symbol}+0x${offset.toString(16)}`;
}

/** Splits "name+0xoff"; null when `s` is not in that form. */
export function parseSymbolic(s: string): { symbol: string; offset: bigint } | null {
  const m = /^(.+)\+0x([0-9a-f]+)$/.exec(s);
  return m ? { symbol: m[1]!, offset: BigInt(`0x${m[2]!}`) } : null;
}

export function isSymbolicAddress(s: string): s is SymbolicAddress {
  return parseSymbolic(s) !== null && !s.startsWith('0x');
}
