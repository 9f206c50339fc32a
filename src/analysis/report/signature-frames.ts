// Which frames of a panic backtrace say where the bug is. The top of the panic task's
// stack is the kernel's crash machinery — panic(), kdump's __crash_kexec, the oops and
// exception handlers, printk, pvpanic under QEMU — and it differs between a kdump
// capture and a hypervisor dump of the same crash. The signature starts below it.

/**
 * Entry points of the crash machinery: everything above the deepest of these (among the
 * top frames) is machinery too, whatever it is called (notifiers, I/O helpers).
 */
const ANCHORS = new Set([
  'panic',
  'vpanic',
  'nmi_panic',
  '__crash_kexec',
  'crash_kexec',
  'oops_end',
  'die',
  '__die',
  'die_addr',
  'make_task_dead',
  '__warn',
  'report_bug',
  'handle_bug',
  'page_fault_oops',
  'kernelmode_fixup_or_oops',
  'no_context',
]);

/** Machinery frames that may sit just below an anchor: trap and fault entry, printing. */
const MACHINERY = [
  ...ANCHORS,
  'crash_setup_regs',
  'machine_crash_shutdown',
  'native_machine_crash_shutdown',
  'crash_save_cpu',
  'dump_stack',
  'dump_stack_lvl',
  'show_stack',
  'show_trace_log_lvl',
  'warn_slowpath_fmt',
  '__warn_printk',
  'do_trap',
  'do_error_trap',
  'exc_invalid_op',
  'asm_exc_invalid_op',
  'exc_general_protection',
  'asm_exc_general_protection',
  'do_general_protection',
  'exc_page_fault',
  'asm_exc_page_fault',
  'do_user_addr_fault',
  'bad_area_nosemaphore',
  '__bad_area_nosemaphore',
  'handle_page_fault',
  'exc_int3',
  'asm_exc_int3',
  'exc_nmi',
  'asm_exc_nmi',
  'default_do_nmi',
  'nmi_handle',
  'crash_nmi_callback',
  'rewind_stack_and_make_dead',
  'atomic_notifier_call_chain',
  'notifier_call_chain',
  'kmsg_dump',
];
const MACHINERY_SET = new Set(MACHINERY);
const MACHINERY_PREFIXES = [
  '_printk',
  'printk',
  'vprintk',
  'pvpanic_',
  '__x86_return_thunk',
  'srso_',
];

/** Where a stack stops being about the bug: the task's entry from user space or fork. */
const ENTRY =
  /^(entry_SYSCALL|do_syscall_|ret_from_fork|kthread$|worker_thread$|__x64_sys_|x64_sys_call$)/;

/** How far down an anchor is looked for. */
const ANCHOR_DEPTH = 24;

/** The function a symbol belongs to: no compiler suffix (.cold, .isra.N, .constprop.N, .part.N, .llvm.N). */
export function normalizeSymbol(name: string): string {
  const dot = name.search(/\.(cold|isra|constprop|part|llvm|lto_priv)(\.|$)/);
  return dot > 0 ? name.slice(0, dot) : name;
}

export function isMachinery(name: string): boolean {
  return MACHINERY_SET.has(name) || MACHINERY_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * The top `count` meaningful frames of a backtrace (function names, normalized), from the
 * innermost: after the deepest crash-machinery anchor, skipping machinery frames, and
 * stopping at the system-call or thread entry.
 */
export function meaningfulFrames(symbols: readonly string[], count: number): string[] {
  const names = symbols.map(normalizeSymbol);
  let start = 0;
  for (let i = Math.min(names.length, ANCHOR_DEPTH) - 1; i >= 0; i--) {
    if (ANCHORS.has(names[i]!)) {
      start = i + 1;
      break;
    }
  }
  const out: string[] = [];
  for (let i = start; i < names.length && out.length < count; i++) {
    const n = names[i]!;
    if (ENTRY.test(n)) break;
    if (out.length === 0 && isMachinery(n)) continue;
    if (out[out.length - 1] !== n) out.push(n);
  }
  return out;
}
