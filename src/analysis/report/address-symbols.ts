// The symbol names that `kaslr` redaction puts in place of kernel addresses. sanitize()
// is pure, so the names come in as a map from address to "symbol+0xoff": computed with
// the Program where the dump is open (symbolMapOf), or, for a report opened without its
// dump, from the report's own frames (frameSymbols).
import { kernelAddressesInText } from './redact-text';
import {
  canonicalHex,
  formatSymbolic,
  isKernelAddress,
  MAX_SYMBOL_OFFSET,
  parseHex,
  parseSymbolic,
  type SymbolicAddress,
} from './report-address';
import type { HexString, SharedReport } from './report-types';

/** Canonical hex address → "symbol+0xoff". */
export type SymbolMap = Readonly<Record<HexString, SymbolicAddress>>;

/** Every string of a JSON value, depth first. */
export function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsOf(v);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) yield* stringsOf(v);
}

/** Every kernel address of a report: address fields, registers, and addresses in text. */
export function kernelAddressesOf(report: SharedReport): bigint[] {
  const found = new Set<bigint>();
  for (const s of stringsOf(report)) {
    const v = parseHex(s);
    if (v !== null) {
      if (isKernelAddress(v)) found.add(v);
    } else {
      for (const a of kernelAddressesInText(s)) found.add(a);
    }
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What a symbolizer answers (Program.symbolize: program/program.ts). */
export type Symbolizer = (
  address: bigint,
) => { symbol: { name: string }; offset: bigint } | undefined;

/** The names of the report's kernel addresses, from a symbolizer (the open dump's Program). */
export function symbolMapOf(report: SharedReport, symbolize: Symbolizer): SymbolMap {
  const map: Record<HexString, SymbolicAddress> = {};
  for (const a of kernelAddressesOf(report)) {
    const at = symbolize(a);
    if (at && at.offset < MAX_SYMBOL_OFFSET)
      map[canonicalHex(a)] = formatSymbolic(at.symbol.name, at.offset);
  }
  return map;
}

/** The names the report itself gives: each frame's pc with its symbol and offset. */
export function frameSymbols(report: SharedReport): SymbolMap {
  const map: Record<HexString, SymbolicAddress> = {};
  for (const bt of report.backtraces ?? []) {
    for (const f of bt.frames) {
      const pc = f.pc === null ? null : parseHex(f.pc);
      if (pc !== null && f.symbol && f.offset !== null && f.offset < MAX_SYMBOL_OFFSET) {
        map[canonicalHex(pc)] = formatSymbolic(f.symbol, f.offset);
      }
    }
  }
  return map;
}

/** The map's name for an address, if it is a trustworthy one (a symbol has no spaces). */
export function lookupSymbol(map: SymbolMap, address: bigint): SymbolicAddress | null {
  const s = map[canonicalHex(address)];
  const parsed = s ? parseSymbolic(s) : null;
  return s && parsed && parsed.offset < MAX_SYMBOL_OFFSET && !/\s/.test(parsed.symbol) ? s : null;
}
