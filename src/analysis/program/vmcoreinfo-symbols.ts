// The last-resort SymbolSource: the SYMBOL(name)=address lines of VMCOREINFO
// (kernel/crash_core.c crash_save_vmcoreinfo_init: init_uts_ns, swapper_pg_dir,
// _stext, mem_section, the kallsyms tables…). Used when kallsyms cannot be decoded, so
// that page tables and a few variables still work.
import type { SymbolAt, SymbolInfo, SymbolSource } from '../debuginfo/debug-info';
import type { VmcoreInfo } from '../formats/notes/vmcoreinfo';

export function vmcoreinfoSymbols(info: VmcoreInfo): SymbolSource {
  const list: SymbolInfo[] = [];
  for (const [key] of info.entries()) {
    const m = /^SYMBOL\((.+)\)$/.exec(key);
    const address = m ? info.symbol(m[1]!) : undefined;
    if (m && address !== undefined) {
      list.push({ name: m[1]!, address, size: 0n, type: 'other', binding: 'global' });
    }
  }
  list.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const byName = new Map(list.map((s) => [s.name, s]));
  return {
    kind: 'kallsyms',
    runtime: true,
    lookup: (name) => byName.get(name),
    // Sizeless and sparse: only exact addresses are symbolized.
    symbolize: (address): SymbolAt | undefined => {
      const s = list.find((x) => x.address === address);
      return s && { symbol: s, offset: 0n };
    },
    symbols: () => list,
  };
}
