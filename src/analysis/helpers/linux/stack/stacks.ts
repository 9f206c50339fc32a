// The x86_64 kernel stacks a backtrace may cross (arch/x86/kernel/dumpstack_64.c
// get_stack_info), all sizes and places read from the kernel's own data:
//  - the task stack [task->stack, +THREAD_SIZE); THREAD_SIZE = __end_init_task -
//    __start_init_task (INIT_TASK_DATA(THREAD_SIZE) in include/asm-generic/vmlinux.lds.h),
//    else sizeof(union thread_union);
//  - the hardirq stack: per-CPU `hardirq_stack_ptr` (≤ 6.1, ≥ 6.15) or
//    `pcpu_hot.hardirq_stack_ptr` (6.2–6.14), IRQ_STACK_SIZE = THREAD_SIZE on x86_64;
//    since 5.12 (arch/x86/kernel/irq_64.c map_irq_stack) the pointer is the top - 8, the
//    word where call_on_stack() saves the interrupted sp;
//  - the exception (IST) stacks and the entry stack in the CPU's struct cpu_entry_area at
//    CPU_ENTRY_AREA_PER_CPU (0xfffffe0000000000 + PAGE_SIZE, arch/x86/include/asm/
//    cpu_entry_area.h) + index * sizeof(struct cpu_entry_area); index = the CPU, or the
//    per-CPU `_cea_offset` since 6.2 (97e3d26b5e5f, randomized); one `<X>_stack` member
//    of struct cea_exception_stacks per IST stack (v5.1, 019b17b3ffe4).
import { errorMessage, type Warning } from '../../../errors';
import { readU64 } from '../../../memory/address-space';
import type { StackMap, StackRange } from '../../../unwind/unwind-types';
import { symbolAddress, type KernelObjects } from '../kernel-access';
import type { StructLayouts } from '../struct-layout';

const CPU_ENTRY_AREA_PER_CPU = 0xfffffe0000000000n + 0x1000n;
const FALLBACK_THREAD_SIZE = 16384n;

/** crash's names of the IST stacks (x86_64.c: "--- <NMI exception stack> ---"). */
const IST_LABELS: Record<string, string> = {
  DF_stack: 'DOUBLEFAULT',
  NMI_stack: 'NMI',
  DB_stack: 'DEBUG',
  DB1_stack: 'DEBUG',
  DB2_stack: 'DEBUG',
  MCE_stack: 'MCE',
  VC_stack: 'VC',
  VC2_stack: 'VC2',
};

export interface StackLayout {
  threadSize: bigint;
  /** task_struct.stack. */
  taskStack: number | undefined;
  /** Per-CPU address (symbol value + member offset) of the hardirq stack pointer. */
  hardirqPtr: bigint | undefined;
  cea: {
    size: bigint;
    /** Per-CPU `_cea_offset`, when the entry areas are randomized. */
    offsetVar: bigint | undefined;
    stacks: { label: string; offset: bigint; size: bigint; kind: 'exception' | 'entry' }[];
  } | null;
}

export function stackLayout(k: KernelObjects, l: StructLayouts, warnings: Warning[]): StackLayout {
  let threadSize: bigint | undefined;
  const start = symbolAddress(k, '__start_init_task') ?? symbolAddress(k, 'init_stack');
  const end = symbolAddress(k, '__end_init_task');
  if (start !== undefined && end !== undefined && end > start && end - start <= 1n << 20n) threadSize = end - start;
  threadSize ??= l.trySize('thread_union') !== undefined ? BigInt(l.trySize('thread_union')!) : undefined;
  if (threadSize === undefined) {
    warnings.push({ code: 'THREAD_SIZE', message: 'THREAD_SIZE unknown (no __end_init_task, no union thread_union): assuming 16 KiB' });
    threadSize = FALLBACK_THREAD_SIZE;
  }
  const hot = symbolAddress(k, 'pcpu_hot');
  const hotOff = l.tryOffset('pcpu_hot', 'hardirq_stack_ptr');
  const hardirqPtr =
    symbolAddress(k, 'hardirq_stack_ptr') ??
    (hot !== undefined && hotOff !== undefined ? hot + BigInt(hotOff) : undefined) ??
    symbolAddress(k, 'irq_stack_ptr');

  let cea: StackLayout['cea'] = null;
  const ceaSize = l.trySize('cpu_entry_area');
  const estacks = l.tryOffset('cpu_entry_area', 'estacks');
  const est = l.type('cea_exception_stacks');
  if (ceaSize !== undefined && estacks !== undefined && est && (est.kind === 'struct' || est.kind === 'union')) {
    const stacks: NonNullable<StackLayout['cea']>['stacks'] = [];
    for (const m of est.members) {
      const label = m.name ? IST_LABELS[m.name] : undefined;
      const size = m.name ? l.tryMemberSize('cea_exception_stacks', m.name) : undefined;
      if (label && size) stacks.push({ label, offset: BigInt(estacks + m.bitOffset / 8), size: BigInt(size), kind: 'exception' });
    }
    const entry = l.tryOffset('cpu_entry_area', 'entry_stack_page');
    const entrySize = l.tryMemberSize('cpu_entry_area', 'entry_stack_page');
    if (entry !== undefined && entrySize) stacks.push({ label: 'ENTRY', offset: BigInt(entry), size: BigInt(entrySize), kind: 'entry' });
    cea = { size: BigInt(ceaSize), offsetVar: symbolAddress(k, '_cea_offset'), stacks };
  }
  return { threadSize, taskStack: l.tryOffset('task_struct', 'stack'), hardirqPtr, cea };
}

/** The IRQ and exception stacks of one CPU; an unreadable one is left out with a warning. */
export async function cpuStacks(k: KernelObjects, layout: StackLayout, cpu: number, warnings: Warning[]): Promise<StackRange[]> {
  const out: StackRange[] = [];
  if (layout.hardirqPtr !== undefined) {
    try {
      const ptr = await readU64(k.space, await k.perCpuPtr(layout.hardirqPtr, cpu));
      // top - 8 since 5.12: the saved-sp word sits at the very top.
      const top = (ptr & 0xfffn) === 0xff8n ? ptr + 8n : ptr;
      if (ptr !== 0n) out.push({ start: top - layout.threadSize, end: top, kind: 'irq', label: 'IRQ' });
    } catch (e) {
      warnings.push({ code: 'NO_IRQ_STACK', message: `CPU ${cpu}: hardirq stack pointer unreadable: ${errorMessage(e)}` });
    }
  }
  if (layout.cea) {
    let index = BigInt(cpu);
    try {
      if (layout.cea.offsetVar !== undefined) {
        const b = await k.space.read(await k.perCpuPtr(layout.cea.offsetVar, cpu), 4);
        index = BigInt(new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true));
      }
      const base = CPU_ENTRY_AREA_PER_CPU + index * layout.cea.size;
      for (const s of layout.cea.stacks) out.push({ start: base + s.offset, end: base + s.offset + s.size, kind: s.kind, label: s.label });
    } catch (e) {
      warnings.push({ code: 'NO_EXCEPTION_STACKS', message: `CPU ${cpu}: cpu_entry_area index unreadable: ${errorMessage(e)}` });
    }
  }
  return out;
}

export function taskStackRange(base: bigint, layout: StackLayout): StackRange {
  return { start: base, end: base + layout.threadSize, kind: 'task', label: 'task' };
}

/** A StackMap over a few ranges (the first that contains an address wins). */
export function stackMap(ranges: StackRange[]): StackMap {
  return { stackOf: (a) => ranges.find((r) => a >= r.start && a < r.end) };
}
