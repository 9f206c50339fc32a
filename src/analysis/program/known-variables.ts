// Types of well-known kernel globals, for when the debug info cannot say: kernel BTF
// (pahole) has VAR entries only for per-CPU variables, so with no vmlinux DWARF,
// `init_task` or `jiffies_64` would have an address (kallsyms) and no type. Each entry is
// the declaration in the kernel source; "[]" marks an array whose length comes from the
// symbol's size when known.
import { sizeOf } from '../debuginfo/type-queries';
import type { Type } from '../debuginfo/types';

const KNOWN: Record<string, string> = {
  init_task: 'struct task_struct', // init/init_task.c
  init_mm: 'struct mm_struct', // mm/init-mm.c
  init_uts_ns: 'struct uts_namespace', // init/version.c
  init_pid_ns: 'struct pid_namespace', // kernel/pid.c
  jiffies_64: 'u64', // kernel/time/timer.c
  jiffies: 'unsigned long', // arch/x86/kernel/vmlinux.lds.S: jiffies = jiffies_64
  linux_banner: 'char []', // init/version-timestamp.c: const char linux_banner[]
  phys_base: 'unsigned long', // arch/x86/kernel/head_64.S SYM_DATA(phys_base)
  page_offset_base: 'unsigned long', // arch/x86/kernel/head64.c
  vmalloc_base: 'unsigned long',
  vmemmap_base: 'unsigned long',
  __per_cpu_offset: 'unsigned long []', // arch/x86/kernel/setup_percpu.c
  nr_cpu_ids: 'unsigned int', // kernel/smp.c
  __cpu_online_mask: 'struct cpumask', // kernel/cpu.c
  __cpu_possible_mask: 'struct cpumask',
  __cpu_present_mask: 'struct cpumask',
  __cpu_active_mask: 'struct cpumask',
  panic_cpu: 'atomic_t', // kernel/panic.c
  tainted_mask: 'unsigned long', // kernel/panic.c
  crashing_cpu: 'int', // arch/x86/kernel/reboot.c
  iomem_resource: 'struct resource', // kernel/resource.c
  ioport_resource: 'struct resource',
  prb: 'struct printk_ringbuffer *', // kernel/printk/printk.c
  log_buf: 'char *',
  modules: 'struct list_head', // kernel/module/main.c
  vmap_area_list: 'struct list_head', // mm/vmalloc.c
  mem_section: 'struct mem_section **', // mm/sparse.c (CONFIG_SPARSEMEM_EXTREME)
  init_top_pgt: 'pgd_t []', // arch/x86/kernel/head_64.S
  node_data: 'struct pglist_data *[]', // arch/x86/mm/numa.c
  totalram_pages: 'atomic_long_t', // mm/page_alloc.c
  max_pfn: 'unsigned long', // mm/memblock.c
};

/**
 * The type of a well-known global, built from named types; undefined for other names or
 * when a named type is missing. `symbolSize` (0 when unknown) sizes "[]" arrays.
 */
export function knownVariableType(
  name: string,
  symbolSize: bigint,
  findType: (name: string) => Type | undefined,
): Type | undefined {
  const decl = KNOWN[name];
  if (!decl) return undefined;
  const isArray = decl.endsWith('[]');
  let base = (isArray ? decl.slice(0, -2) : decl).trim();
  let stars = 0;
  while (base.endsWith('*')) {
    stars++;
    base = base.slice(0, -1).trim();
  }
  let t = findType(base);
  if (!t) return undefined;
  for (let i = 0; i < stars; i++) t = { kind: 'pointer', name: null, size: 8, target: t };
  if (!isArray) return t;
  const elem = sizeOf(t);
  const length = symbolSize > 0n && elem > 0 ? Number(symbolSize / BigInt(elem)) : null;
  return { kind: 'array', name: null, element: t, length };
}
