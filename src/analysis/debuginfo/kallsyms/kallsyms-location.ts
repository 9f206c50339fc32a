// Where the kernel's kallsyms tables are. VMCOREINFO exports their addresses since v6.0
// (kernel/crash_core.c, commits 5fd8fea935a10 / f09bddbd86619) as SYMBOL() lines:
// kallsyms_names, kallsyms_num_syms, kallsyms_token_table, kallsyms_token_index and
// either kallsyms_offsets (+ kallsyms_relative_base before v7.0) or, without
// CONFIG_KALLSYMS_BASE_RELATIVE, kallsyms_addresses. SYMBOL(_stext) picks the encoding.

export interface KallsymsLocation {
  /** u8 kallsyms_names[]: per symbol a length then that many token bytes. */
  names: bigint;
  /** unsigned int kallsyms_num_syms. */
  numSyms: bigint;
  /** char kallsyms_token_table[]: NUL-terminated tokens back to back. */
  tokenTable: bigint;
  /** u16 kallsyms_token_index[256]: byte → offset of its token. */
  tokenIndex: bigint;
  /** int kallsyms_offsets[num_syms]. */
  offsets?: bigint;
  /** unsigned long kallsyms_relative_base (not in v7.0+). */
  relativeBase?: bigint;
  /** unsigned long kallsyms_addresses[num_syms] (kernels without BASE_RELATIVE). */
  addresses?: bigint;
  /** Runtime address of _stext, to tell the address encodings apart. */
  stext?: bigint;
}

/** The location from SYMBOL() values (VMCOREINFO `symbol(name)`); undefined when a table is missing. */
export function kallsymsLocationFrom(
  symbol: (name: string) => bigint | undefined,
): KallsymsLocation | undefined {
  const names = symbol('kallsyms_names');
  const numSyms = symbol('kallsyms_num_syms');
  const tokenTable = symbol('kallsyms_token_table');
  const tokenIndex = symbol('kallsyms_token_index');
  const offsets = symbol('kallsyms_offsets');
  const addresses = symbol('kallsyms_addresses');
  if (
    names === undefined ||
    numSyms === undefined ||
    tokenTable === undefined ||
    tokenIndex === undefined
  )
    return undefined;
  if (offsets === undefined && addresses === undefined) return undefined;
  const loc: KallsymsLocation = { names, numSyms, tokenTable, tokenIndex };
  if (offsets !== undefined) loc.offsets = offsets;
  if (addresses !== undefined) loc.addresses = addresses;
  const relativeBase = symbol('kallsyms_relative_base');
  if (relativeBase !== undefined) loc.relativeBase = relativeBase;
  const stext = symbol('_stext');
  if (stext !== undefined) loc.stext = stext;
  return loc;
}
