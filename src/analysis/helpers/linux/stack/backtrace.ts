// The backtrace of one task: from its CPU's registers when it was running (through the
// NMI stop frame for a CPU kdump stopped), else from the frame switch_to left on its
// stack; unwound by ORC across the task, IRQ and exception stacks; then symbolized.
import { errorMessage, type Warning } from '../../../errors';
import { readU64 } from '../../../memory/address-space';
import { StackReader } from '../../../unwind/stack-reader';
import { unwind, type UnwindContext } from '../../../unwind/unwinder';
import type { StackRange, UnwindEnd, UnwindResult, UnwindStart } from '../../../unwind/unwind-types';
import { describeFrames, type BacktraceFrame } from './frames';
import { findNmiStop, NMI_STOP_FUNCTION } from './nmi-stop';
import { stackMap, taskStackRange } from './stacks';
import { cpuStart, sleepingStart } from './start-state';
import { isKernelText, symbolizeCode, type UnwindEnv } from './unwind-context';

export interface TaskRef {
  address: bigint;
  pid: number;
  comm: string;
  /** The task's CPU (task_cpu()). */
  cpu: number | null;
  /** rq->curr of this CPU: the task was running there. */
  runningOn: number | null;
  /** task->stack when already read. */
  stack?: bigint | null;
}

export type BacktraceStart = 'switch-frame' | 'cpu-registers' | 'nmi-stop' | 'none';

export interface Backtrace {
  task: bigint;
  pid: number;
  comm: string;
  cpu: number | null;
  start: BacktraceStart;
  frames: BacktraceFrame[];
  end: UnwindEnd | 'no-start';
  warnings: Warning[];
}

export async function taskBacktrace(env: UnwindEnv, t: TaskRef): Promise<Backtrace> {
  const bt: Backtrace = { task: t.address, pid: t.pid, comm: t.comm, cpu: t.cpu, start: 'none', frames: [], end: 'no-start', warnings: [] };
  const who = `pid ${t.pid} (${t.comm})`;
  const fail = (message: string): Backtrace => {
    bt.warnings.push({ code: 'BACKTRACE', message: `${who}: ${message}` });
    return bt;
  };
  const p = env.prog;
  let taskStack: StackRange;
  try {
    let base = t.stack ?? undefined;
    if (base === undefined) {
      if (env.layout.taskStack === undefined) return fail('task_struct.stack is unknown');
      base = await readU64(p.space, t.address + BigInt(env.layout.taskStack));
    }
    taskStack = taskStackRange(base, env.layout);
  } catch (e) {
    return fail(`task stack pointer unreadable: ${errorMessage(e)}`);
  }
  const ranges = [taskStack, ...(t.runningOn !== null ? (env.cpuStacks.get(t.runningOn) ?? []) : [])];
  const memory = new StackReader(p.space);
  const stacks = stackMap(ranges);
  const symbolize = (ip: bigint) => symbolizeCode(env, ip);
  const ctx: UnwindContext = {
    memory,
    orc: env.orcSource,
    stacks,
    isKernelText: (ip) => isKernelText(env, ip),
    describe: (ip) => {
      const s = symbolize(ip);
      return s ? `${s.symbol.name}+0x${s.offset.toString(16)}` : `0x${ip.toString(16)}`;
    },
    prepare: (ip) => env.modules.prepare(ip),
    callScan: {
      memory,
      stacks,
      functionStart: (ip) => symbolize(ip)?.symbol.address,
      isKernelText: (ip) => isKernelText(env, ip),
      readText: (a, n) => p.space.read(a, n),
    },
  };

  let result: UnwindResult;
  try {
    if (t.runningOn !== null) {
      const regs = env.cpus.get(t.runningOn);
      if (!regs) return fail(`running on CPU ${t.runningOn}, which saved no registers in the dump`);
      let nmi: UnwindResult | null = null;
      if (t.runningOn !== env.panicCpu && p.symbol(NMI_STOP_FUNCTION)) {
        const scan = ranges.filter((r) => r.kind === 'task' || r.label === 'NMI').reverse();
        nmi = await findNmiStop({ space: p.space, symbolize, stacks: scan, interrupted: regs.registers, ctx });
      }
      bt.start = nmi ? 'nmi-stop' : 'cpu-registers';
      result = nmi ?? (await unwind(cpuStart(regs), ctx));
    } else {
      if (!env.switchFrame) return fail('no task_struct.thread.sp: a sleeping task cannot be unwound');
      let start: UnwindStart;
      try {
        start = (await sleepingStart(p, env.switchFrame, t.address)).start;
      } catch (e) {
        return fail(`inactive_task_frame unreadable: ${errorMessage(e)}`);
      }
      bt.start = 'switch-frame';
      result = await unwind(start, ctx);
    }
  } catch (e) {
    return fail(`unwinding: ${errorMessage(e)}`);
  }
  bt.end = result.end;
  for (const w of result.warnings) bt.warnings.push({ code: w.code, message: `${who}: ${w.message}` });
  for (const f of result.frames) await env.modules.prepare(f.pc);
  bt.frames = describeFrames(result.frames, { symbolize, code: p.code, kaslrOffset: p.kaslrOffset });
  return bt;
}
