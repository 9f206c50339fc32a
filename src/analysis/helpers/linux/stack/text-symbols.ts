// Code addresses named the way System.map (and so crash and the kernel's own %pS through
// kallsyms) names them: the nearest text symbol at or below the address, whatever its
// ELF type or size. The vmlinux .symtab marks assembly entry points (SYM_CODE_START/END
// in include/linux/linkage.h) as STT_NOTYPE with a size, and inner labels such as
// entry_SYSCALL_64_after_hwframe as sizeless; System.map lists them all, so a pc in
// asm_exc_nmi is asm_exc_nmi+off and a pc after entry_SYSCALL_64_after_hwframe is named
// after that label, as kallsyms in the dump names them.
import type { SymbolAt, SymbolInfo, SymbolSource } from '../../../debuginfo/debug-info';
import { floorIndex } from '../../../unwind/floor-index';

export class TextSymbols {
  private readonly starts: Float64Array;
  private readonly syms: SymbolInfo[];

  constructor(
    source: SymbolSource,
    private readonly base: bigint,
    private readonly end: bigint,
  ) {
    const list: SymbolInfo[] = [];
    for (const s of source.symbols()) {
      if (s.absolute || s.type === 'object' || s.address < base || s.address >= end || s.module) continue;
      const prev = list[list.length - 1];
      // Aliases at one address: a function beats a label, a global a local.
      if (prev && prev.address === s.address) {
        if (rank(s) > rank(prev)) list[list.length - 1] = s;
        continue;
      }
      list.push(s);
    }
    list.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    this.syms = list;
    this.starts = Float64Array.from(list, (s) => Number(s.address - base));
  }

  symbolize(address: bigint): SymbolAt | undefined {
    if (address < this.base || address >= this.end) return undefined;
    const s = this.syms[floorIndex(this.starts, Number(address - this.base))];
    return s && { symbol: s, offset: address - s.address };
  }
}

function rank(s: SymbolInfo): number {
  return (s.type === 'function' ? 2 : 0) + (s.binding === 'global' ? 1 : 0);
}
