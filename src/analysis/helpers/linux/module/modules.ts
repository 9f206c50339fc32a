// Loaded modules (kernel/module/main.c): the `modules` list through module.list, each
// module's core text, its ORC tables and its symbols, as the kernel's own unwinder and
// kallsyms use them:
//  - text: `core_layout.base` + `core_layout.text_size` (≤ 6.3), or `mem[MOD_TEXT]`
//    (base, size) since 6.4 (ac3b43283923 "module: replace module_layout with module_memory");
//  - ORC: `arch.orc_unwind_ip`, `arch.orc_unwind`, `arch.num_orcs` (sorted at load,
//    arch/x86/kernel/unwind_orc.c unwind_module_init);
//  - symbols: `kallsyms` → struct mod_kallsyms { symtab (Elf64_Sym[num_symtab]), strtab },
//    st_value already relocated to the running address (kernel/module/kallsyms.c).
import { errorMessage, type Warning } from '../../../errors';
import { readU32, readU64 } from '../../../memory/address-space';
import { listForEach } from '../../../program/list';
import { readCString } from '../../../program/object-value';
import { symbolAddress, type KernelObjects } from '../kernel-access';
import type { StructLayouts } from '../struct-layout';

export interface LoadedModule {
  address: bigint;
  name: string;
  text: { start: bigint; end: bigint };
  orc: { ipTable: bigint; entries: bigint; count: number } | null;
  kallsyms: bigint | null;
}

/** Module counts beyond this are a corrupt list. */
const MAX_MODULES = 8192;
const MODULE_NAME_LEN = 56;

export async function loadedModules(k: KernelObjects, l: StructLayouts, warnings: Warning[]): Promise<LoadedModule[]> {
  const head = symbolAddress(k, 'modules');
  const listOff = l.tryOffset('module', 'list');
  const nameOff = l.tryOffset('module', 'name');
  if (head === undefined || listOff === undefined || nameOff === undefined) return [];
  const layout = l.has('module', 'core_layout')
    ? { base: l.offset('module', 'core_layout') + l.offset('module_layout', 'base'), size: l.offset('module', 'core_layout') + l.offset('module_layout', 'text_size'), size32: true }
    : l.has('module', 'mem')
      ? { base: l.offset('module', 'mem') + l.offset('module_memory', 'base'), size: l.offset('module', 'mem') + l.offset('module_memory', 'size'), size32: true }
      : null;
  if (!layout) {
    warnings.push({ code: 'MODULE_LAYOUT', message: 'struct module has neither core_layout nor mem: module text unknown' });
    return [];
  }
  const arch = l.tryOffset('module', 'arch');
  const orcOff =
    arch !== undefined && l.has('mod_arch_specific', 'orc_unwind')
      ? {
          num: arch + l.offset('mod_arch_specific', 'num_orcs'),
          ip: arch + l.offset('mod_arch_specific', 'orc_unwind_ip'),
          ent: arch + l.offset('mod_arch_specific', 'orc_unwind'),
        }
      : null;
  const kallsymsOff = l.tryOffset('module', 'kallsyms');
  const out: LoadedModule[] = [];
  for await (const node of listForEach(k, head, { warnings, limit: MAX_MODULES })) {
    const m = node - BigInt(listOff);
    try {
      const base = await readU64(k.space, m + BigInt(layout.base));
      const size = await readU32(k.space, m + BigInt(layout.size));
      let orc: LoadedModule['orc'] = null;
      if (orcOff) {
        const count = await readU32(k.space, m + BigInt(orcOff.num));
        if (count > 0) orc = { count, ipTable: await readU64(k.space, m + BigInt(orcOff.ip)), entries: await readU64(k.space, m + BigInt(orcOff.ent)) };
      }
      out.push({
        address: m,
        name: await readCString(k.space, m + BigInt(nameOff), MODULE_NAME_LEN),
        text: { start: base, end: base + BigInt(size) },
        orc,
        kallsyms: kallsymsOff !== undefined ? await readU64(k.space, m + BigInt(kallsymsOff)) : null,
      });
    } catch (e) {
      warnings.push({ code: 'MODULE_UNREADABLE', message: `struct module at 0x${m.toString(16)}: ${errorMessage(e)}` });
    }
  }
  return out;
}
