// The lookups the analysis makes of any SymbolSource (symtab, kallsyms).
import type { SymbolSource } from '../../../src/analysis/debuginfo/debug-info';

const NAMES = ['init_task', 'start_kernel', '_stext', 'runqueues', '__start_BTF', 'nosuch'];
const MAX_SYMBOLS = 64;

export function querySymbols(src: SymbolSource): void {
  for (const name of NAMES) {
    const s = src.lookup(name);
    if (s) src.symbolize(s.address + 3n);
  }
  src.symbolize(0xffffffff81000000n);
  let n = 0;
  for (const s of src.symbols()) if (n++ > MAX_SYMBOLS || !s.name) break;
}
