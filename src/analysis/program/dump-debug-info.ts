// Debug info from the dump itself, for when there is no vmlinux:
//  - kallsyms, found through VMCOREINFO's SYMBOL(kallsyms_*) lines (v6.0+) and read
//    through the kernel image mapping (phys_base only, no page tables needed yet);
//  - BTF, which the kernel keeps between __start_BTF and __stop_BTF (CONFIG_DEBUG_INFO_BTF;
//    the same bytes as /sys/kernel/btf/vmlinux).
// Either may fail (older kernel, excluded page): the failure becomes a warning and the
// next source down is used.
import { errorMessage, type Warning } from '../errors';
import type { SymbolSource, TypeSource } from '../debuginfo/debug-info';
import { loadBtfFromMemory } from '../debuginfo/btf/btf-load';
import { kallsymsLocationFrom } from '../debuginfo/kallsyms/kallsyms-location';
import { loadKallsyms } from '../debuginfo/kallsyms/kallsyms-source';
import type { VmcoreInfo } from '../formats/notes/vmcoreinfo';
import type { AddressSpace } from '../memory/address-space';
import { vmcoreinfoSymbols } from './vmcoreinfo-symbols';

/** kallsyms decoded from memory, else VMCOREINFO's few SYMBOL() lines. */
export async function symbolsFromDump(
  info: VmcoreInfo | null,
  imageSpace: AddressSpace | null,
  warnings: Warning[],
): Promise<{ symbols: SymbolSource | null; source: SymbolSource['kind'] | 'vmcoreinfo' | null }> {
  if (!info) {
    warnings.push({ code: 'NO_SYMBOLS', message: 'no VMCOREINFO: kallsyms cannot be located, no symbols' });
    return { symbols: null, source: null };
  }
  const loc = kallsymsLocationFrom((n) => info.symbol(n));
  if (!loc) {
    warnings.push({
      code: 'NO_KALLSYMS',
      message: 'VMCOREINFO has no SYMBOL(kallsyms_*) lines (kernel before 6.0?): only its own SYMBOL() entries are known',
    });
  } else if (!imageSpace) {
    warnings.push({ code: 'NO_KALLSYMS', message: 'no phys_base: the kallsyms tables cannot be read' });
  } else {
    try {
      const k = await loadKallsyms(imageSpace, loc);
      warnings.push(...k.warnings);
      return { symbols: k, source: 'kallsyms' };
    } catch (e) {
      warnings.push({ code: 'NO_KALLSYMS', message: `kallsyms from the dump: ${errorMessage(e)}` });
    }
  }
  return { symbols: vmcoreinfoSymbols(info), source: 'vmcoreinfo' };
}

/** BTF between __start_BTF and __stop_BTF, or null with a warning. */
export async function btfFromDump(
  space: AddressSpace,
  symbols: SymbolSource,
  warnings: Warning[],
): Promise<TypeSource | null> {
  const start = symbols.lookup('__start_BTF')?.address;
  const stop = symbols.lookup('__stop_BTF')?.address;
  if (start === undefined || stop === undefined) {
    warnings.push({
      code: 'NO_TYPES',
      message: 'no __start_BTF/__stop_BTF symbols (kernel without CONFIG_DEBUG_INFO_BTF, or no kallsyms): no types without a vmlinux',
    });
    return null;
  }
  try {
    const btf = await loadBtfFromMemory(space, start, stop);
    warnings.push(...btf.warnings);
    return btf;
  } catch (e) {
    warnings.push({ code: 'NO_TYPES', message: `BTF from the dump: ${errorMessage(e)}` });
    return null;
  }
}
