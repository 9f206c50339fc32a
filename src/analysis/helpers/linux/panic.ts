// The panic, derived the way crash's `sys` PANIC line is (task.c get_panicmsg,
// panic_msg[]): the first log line holding one of the known panic strings, tried in
// crash's order; then the CPU that panicked and the task running there:
//  - panic_cpu (kernel/panic.c, atomic_t, -1 = PANIC_CPU_INVALID) set by panic() and
//    crash_kexec(); else crashing_cpu (x86 reboot.c, set when kdump stops the CPUs);
//  - that CPU's rq->curr; its NT_PRSTATUS pr_pid (kernel-made notes only: QEMU writes
//    the vCPU index + 1) and the panic record's caller id must agree, else a warning.
import { errorMessage, FaultError, type Warning } from '../../errors';
import { readS32 } from '../../memory/address-space';
import { symbolAddress, type KernelObjects } from './kernel-access';
import type { PrintkRecord } from './printk/printk-record';

/** crash task.c panic_msg[], in its order. */
export const PANIC_STRINGS = [
  'SysRq : Crash',
  'SysRq : Trigger a crash',
  'SysRq : Netdump',
  'Kernel panic: ',
  'Kernel panic - ',
  'Kernel BUG at',
  'kernel BUG at',
  'Unable to handle kernel paging request',
  'Unable to handle kernel NULL pointer dereference',
  'BUG: unable to handle kernel ',
  'general protection fault: ',
  'double fault: ',
  'divide error: ',
  'stack segment: ',
  '[Hardware Error]: ',
  'Bad mode in ',
  'Oops: ',
];

const NOT_SYNCING = 'Kernel panic - not syncing: ';

export interface PanicLine {
  /** The whole log line, as crash prints it after PANIC:. */
  line: string;
  /** panic()'s message for "Kernel panic - not syncing: …", else the line. */
  message: string;
  record: PrintkRecord;
}

export function findPanicLine(records: readonly PrintkRecord[]): PanicLine | undefined {
  for (const pattern of PANIC_STRINGS) {
    for (const record of records) {
      for (const line of record.text.split('\n')) {
        if (!line.includes(pattern)) continue;
        const i = line.indexOf(NOT_SYNCING);
        return { line, message: i >= 0 ? line.slice(i + NOT_SYNCING.length) : line, record };
      }
    }
  }
  return undefined;
}

export interface PanicCpu {
  cpu: number;
  source: 'panic_cpu' | 'crashing_cpu';
}

/** The panicking CPU from panic_cpu, else crashing_cpu; undefined when neither is set. */
export async function panicCpu(k: KernelObjects, warnings: Warning[]): Promise<PanicCpu | undefined> {
  for (const source of ['panic_cpu', 'crashing_cpu'] as const) {
    const at = symbolAddress(k, source);
    if (at === undefined) continue;
    try {
      const cpu = await readS32(k.space, at);
      if (cpu >= 0) return { cpu, source };
    } catch (e) {
      if (!(e instanceof FaultError)) throw e;
      warnings.push({ code: 'PANIC_CPU_UNREADABLE', message: `${source} at 0x${at.toString(16)}: ${errorMessage(e)}` });
    }
  }
  return undefined;
}

export interface PanicInfo {
  /** crash's PANIC string (the whole log line); null when the log has none. */
  line: string | null;
  message: string | null;
  cpu: number | null;
  /** Where the CPU came from. */
  cpuSource: PanicCpu['source'] | 'log caller' | 'prstatus' | null;
  pid: number | null;
  comm: string | null;
  /** The panicking task (rq->curr of the panic CPU). */
  task: bigint | null;
}

export interface PanicInputs {
  records: readonly PrintkRecord[] | null;
  /** rq->curr per CPU, with the task's pid and comm when known. */
  current: ReadonlyMap<number, { task: bigint; pid: number; comm: string }>;
  /** NT_PRSTATUS pr_pid per CPU; only for notes the kernel wrote (QEMU's hold vCPU + 1). */
  prstatusPid: ReadonlyMap<number, number>;
}

/** Puts the log line, panic_cpu/crashing_cpu, rq->curr and the CPU notes together. */
export async function derivePanic(k: KernelObjects | null, inputs: PanicInputs, warnings: Warning[]): Promise<PanicInfo> {
  const found = inputs.records ? findPanicLine(inputs.records) : undefined;
  const out: PanicInfo = {
    line: found?.line ?? null,
    message: found?.message ?? null,
    cpu: null,
    cpuSource: null,
    pid: null,
    comm: null,
    task: null,
  };
  const fromSymbols = k ? await panicCpu(k, warnings) : undefined;
  const caller = found?.record.callerId ?? null;
  const callerCpu = caller !== null && caller & 0x80000000 ? caller & 0x7fffffff : null;
  const callerPid = caller !== null && !(caller & 0x80000000) ? caller : null;
  if (fromSymbols) {
    out.cpu = fromSymbols.cpu;
    out.cpuSource = fromSymbols.source;
  } else if (callerCpu !== null) {
    out.cpu = callerCpu;
    out.cpuSource = 'log caller';
  } else if (callerPid !== null) {
    const cpu = [...inputs.current].find(([, t]) => t.pid === callerPid)?.[0] ??
      [...inputs.prstatusPid].find(([, pid]) => pid === callerPid)?.[0];
    if (cpu !== undefined) {
      out.cpu = cpu;
      out.cpuSource = inputs.current.size ? 'log caller' : 'prstatus';
    }
  }
  if (out.cpu === null) return out;
  const cur = inputs.current.get(out.cpu);
  if (cur) {
    out.task = cur.task;
    out.pid = cur.pid;
    out.comm = cur.comm;
  } else {
    out.pid = inputs.prstatusPid.get(out.cpu) ?? callerPid;
  }
  const note = inputs.prstatusPid.get(out.cpu);
  if (note !== undefined && out.pid !== null && note !== out.pid) {
    warnings.push({ code: 'PANIC_TASK_MISMATCH', message: `CPU ${out.cpu}: NT_PRSTATUS pr_pid ${note}, but the running task is pid ${out.pid}` });
  }
  if (callerPid !== null && out.pid !== null && callerPid !== out.pid) {
    warnings.push({ code: 'PANIC_TASK_MISMATCH', message: `the panic message was logged by pid ${callerPid}, but CPU ${out.cpu} ran pid ${out.pid}` });
  }
  return out;
}
