// The questions every debug-info provider answers (vmlinux .symtab, DWARF, BTF, kallsyms
// from the dump's memory, ORC). A provider implements the parts it can; the Program
// combines them.
import type { NamedTypeKind, Type } from './types';

export interface SymbolInfo {
  name: string;
  /** Address as the provider knows it (see SymbolSource.runtime). */
  address: bigint;
  /** 0 when unknown (kallsyms has no sizes: the next symbol bounds it). */
  size: bigint;
  type: 'function' | 'object' | 'other';
  binding: 'global' | 'local' | 'weak';
  /** kallsyms type letter ('T', 't', 'D'…) when known. */
  letter?: string;
  module?: string;
  /**
   * The value is not an address KASLR moves: x86_64 SMP per-CPU symbols (zero-based
   * offsets into each CPU's area, kallsyms 'A') and true absolute symbols. withBias
   * leaves it alone.
   */
  absolute?: boolean;
}

export interface SymbolAt {
  symbol: SymbolInfo;
  offset: bigint;
}

export interface SymbolSource {
  readonly kind: 'symtab' | 'kallsyms' | 'dwarf' | 'btf';
  /**
   * True when addresses are those of the running kernel (kallsyms). False for link-time
   * addresses (vmlinux): the Program adds the KASLR offset through `withBias`.
   */
  readonly runtime: boolean;
  lookup(name: string): SymbolInfo | undefined;
  /** The symbol containing `address` (or the nearest below it, for sizeless symbols). */
  symbolize(address: bigint): SymbolAt | undefined;
  /** Every symbol, in address order. */
  symbols(): Iterable<SymbolInfo>;
}

export interface TypeSource {
  readonly kind: 'dwarf' | 'btf';
  /**
   * A named type. `name` may carry its tag (`struct task_struct`) or not (`task_struct`,
   * then struct, union, typedef, enum and base types are tried in that order).
   */
  findType(name: string, kind?: NamedTypeKind): Type | undefined;
  /** Type of a global variable (`init_task` → struct task_struct). */
  findVariableType(name: string): Type | undefined;
  /** Names of all named types, for completion. */
  typeNames?(): Iterable<string>;
}

export interface SourceLine {
  file: string;
  line: number;
  column?: number;
}

export interface InlinedFrame {
  /** Name of the inlined function. */
  name: string;
  /** Where it was inlined (call site in the caller). */
  callFile: string | null;
  callLine: number | null;
}

export interface FunctionInfo {
  name: string;
  low: bigint;
  high: bigint;
}

export interface CodeSource {
  /** Function containing `pc` (link-time address). */
  functionAt(pc: bigint): FunctionInfo | undefined;
  /** Inlined subroutines containing `pc`, innermost first. */
  inlineChainAt?(pc: bigint): InlinedFrame[];
  lineAt?(pc: bigint): SourceLine | undefined;
}

/** Wraps a link-time SymbolSource so that it answers in runtime (KASLR-shifted) addresses. */
export function withBias(src: SymbolSource, bias: bigint): SymbolSource {
  if (src.runtime || bias === 0n) return src;
  const shift = (s: SymbolInfo): SymbolInfo => (s.absolute ? s : { ...s, address: s.address + bias });
  return {
    kind: src.kind,
    runtime: true,
    lookup: (name) => {
      const s = src.lookup(name);
      return s && shift(s);
    },
    symbolize: (address) => {
      const r = src.symbolize(address - bias);
      // An absolute symbol cannot contain a KASLR-shifted address.
      return r && !r.symbol.absolute ? { symbol: shift(r.symbol), offset: r.offset } : undefined;
    },
    *symbols() {
      for (const s of src.symbols()) yield shift(s);
    },
  };
}
