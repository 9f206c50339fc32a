// The core kernel's kallsyms, decoded from the dump's memory, as a SymbolSource in
// runtime addresses. Letters follow nm (kernel/kallsyms.c kallsyms_get_symbol_type):
// upper case global, lower case local; T/t text, D/d data, B/b bss, R/r rodata,
// V/v/W/w weak, A/a absolute. kallsyms stores no sizes (size 0: the next symbol bounds
// each one).
import { BadDataError, type Warning } from '../../errors';
import type { AddressSpace } from '../../memory/address-space';
import {
  BIND_GLOBAL,
  BIND_LOCAL,
  BIND_WEAK,
  SYM_ABSOLUTE,
  SYM_FUNCTION,
  SYM_OBJECT,
  SYM_OTHER,
  SymbolTable,
  TableSymbolSource,
} from '../symbol-table';
import { chooseEncoding, decodeAddresses, type KallsymsEncoding } from './kallsyms-addresses';
import type { KallsymsLocation } from './kallsyms-location';
import { decodeNames, splitTokens, type DecodedNames } from './kallsyms-names';
import { readKallsymsTables, type RawKallsyms } from './kallsyms-tables';

export interface KallsymsStats {
  symbols: number;
  encoding: KallsymsEncoding;
  longNames: boolean;
  /** Milliseconds reading tables from the dump, and decoding them. */
  readMs: number;
  decodeMs: number;
}

export class KallsymsSource extends TableSymbolSource {
  readonly kind = 'kallsyms' as const;
  readonly runtime = true;

  constructor(
    table: SymbolTable,
    readonly stats: KallsymsStats,
    readonly warnings: Warning[] = [],
  ) {
    super(table);
  }
}

/** Reads and decodes the tables at `loc` (addresses from VMCOREINFO SYMBOL() lines). */
export async function loadKallsyms(
  space: AddressSpace,
  loc: KallsymsLocation,
): Promise<KallsymsSource> {
  const t0 = performance.now();
  const raw = await readKallsymsTables(space, loc);
  const t1 = performance.now();
  const source = decodeKallsyms(raw, loc);
  source.stats.readMs = t1 - t0;
  source.stats.decodeMs = performance.now() - t1;
  return source;
}

/** Decodes tables already read (synchronous; tests feed synthetic tables here). */
export function decodeKallsyms(
  raw: RawKallsyms,
  loc: Pick<KallsymsLocation, 'names' | 'stext'>,
): KallsymsSource {
  const where = `kallsyms_names at 0x${loc.names.toString(16)}`;
  const tokens = splitTokens(raw.tokenTable, raw.tokenIndex);
  const warnings: Warning[] = [];
  // Try each length encoding the walk allowed; keep the one whose type letters are letters.
  let names: DecodedNames | undefined;
  let firstError: unknown;
  for (const long of raw.longNamesCandidates) {
    try {
      const d = decodeNames(raw.names, raw.count, tokens, long, where);
      if (!names || d.badLetters < names.badLetters) names = d;
      if (d.badLetters === 0) break;
    } catch (e) {
      firstError ??= e;
    }
  }
  if (!names)
    throw firstError instanceof Error ? firstError : new BadDataError(where, 0, 'decodable names');
  if (names.badLetters > 0) {
    warnings.push({
      code: 'KALLSYMS_BAD_TYPE',
      message: `${where}: ${names.badLetters} symbols have a type character that is not a letter`,
    });
  }

  const stextIndex = loc.stext !== undefined ? findName(names, '_stext') : undefined;
  const encoding = chooseEncoding(raw.addressTables, stextIndex, loc.stext);
  if (!encoding) {
    throw new BadDataError(
      where,
      0,
      loc.stext !== undefined
        ? `an address encoding that puts _stext at 0x${loc.stext.toString(16)}`
        : 'addresses in ascending order',
      stextIndex === undefined && loc.stext !== undefined
        ? 'no _stext among the names'
        : 'none of the known encodings fits',
    );
  }
  const { addresses, percpu } = decodeAddresses(raw.addressTables, encoding);
  const attrs = new Uint8Array(raw.count);
  for (let i = 0; i < raw.count; i++)
    attrs[i] = letterAttrs(names.letters[i]!) | (percpu[i] ? SYM_ABSOLUTE : 0);
  const table = new SymbolTable({
    count: raw.count,
    addresses,
    sizes: new BigUint64Array(raw.count),
    nameOffsets: names.nameOffsets,
    strings: names.strings,
    attrs,
    letters: names.letters,
  });
  const stats: KallsymsStats = {
    symbols: raw.count,
    encoding,
    longNames: names.longNames,
    readMs: 0,
    decodeMs: 0,
  };
  return new KallsymsSource(table, stats, warnings);
}

function letterAttrs(l: number): number {
  const c = String.fromCharCode(l);
  const lower = c.toLowerCase();
  const type =
    lower === 't'
      ? SYM_FUNCTION
      : lower === 'd' || lower === 'b' || lower === 'r' || lower === 'v'
        ? SYM_OBJECT
        : SYM_OTHER;
  const bind = lower === 'w' || lower === 'v' ? BIND_WEAK : c !== lower ? BIND_GLOBAL : BIND_LOCAL;
  return type | bind;
}

function findName(d: DecodedNames, name: string): number | undefined {
  const key = new TextEncoder().encode(name);
  for (let i = 0; i < d.count; i++) {
    const off = d.nameOffsets[i]!;
    let k = 0;
    while (k < key.length && d.strings[off + k] === key[k]) k++;
    if (k === key.length && d.strings[off + k] === 0) return i;
  }
  return undefined;
}
