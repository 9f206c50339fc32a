// Everything the backtraces of one dump share, read once: the ORC table (vmlinux file,
// else kernel memory), kernel text ranges, stack layout, the inactive_task_frame layout,
// each CPU's registers and stacks, and the panicking CPU.
import type { CodeSource, SymbolAt, SymbolSource } from '../../../debuginfo/debug-info';
import type { ElfFile } from '../../../debuginfo/elf/elf-file';
import type { Warning } from '../../../errors';
import type { DumpImage } from '../../../formats/dump-image';
import type { CpuRegisters } from '../../../formats/notes/cpu-registers';
import { decodeCpus } from '../../../formats/notes/decode-cpus';
import { orcFromMemory, orcFromVmlinux } from '../../../unwind/orc-load';
import type { OrcTable } from '../../../unwind/orc-table';
import type { OrcSource, StackRange } from '../../../unwind/unwind-types';
import { symbolAddress, type KernelObjects } from '../kernel-access';
import { ModuleCode } from '../module/module-code';
import { loadedModules } from '../module/modules';
import { panicCpu } from '../panic';
import { StructLayouts } from '../struct-layout';
import { cpuStacks, stackLayout, type StackLayout } from './stacks';
import { switchFrameLayout, type SwitchFrameLayout } from './start-state';
import { TextSymbols } from './text-symbols';

/** What the backtraces need from a Program (program/program.ts satisfies it). */
export interface StackProgram extends KernelObjects {
  readonly image: DumpImage;
  readonly code: CodeSource | null;
  readonly kaslrOffset: bigint;
  readonly vmlinux: ElfFile | null;
  readonly symbols: SymbolSource;
  symbolize(address: bigint): SymbolAt | undefined;
}

export interface UnwindEnv {
  prog: StackProgram;
  /** The vmlinux table. */
  orc: OrcTable | null;
  /** vmlinux and module tables. */
  orcSource: OrcSource | null;
  modules: ModuleCode;
  /** vmlinux text ranges. */
  text: { start: bigint; end: bigint }[];
  /**
   * Nearest-below names of vmlinux code where a .symtab has no sized function for a pc
   * (assembly entry code); built on first use. kallsyms already names every pc so.
   */
  textSymbols: () => TextSymbols | null;
  layout: StackLayout;
  switchFrame: SwitchFrameLayout | null;
  cpus: Map<number, CpuRegisters>;
  cpuStacks: Map<number, StackRange[]>;
  panicCpu: number | null;
  /** Problems of the shared parts (no ORC, unreadable stacks…). */
  warnings: Warning[];
}

/** Modules live in [MODULES_VADDR, MODULES_END) (arch/x86/include/asm/pgtable_64_types.h). */
const MODULES = { start: 0xffffffffc0000000n, end: 0xffffffffff000000n };

export async function unwindEnv(prog: StackProgram): Promise<UnwindEnv> {
  const warnings: Warning[] = [];
  const l = new StructLayouts(prog.vmcoreinfo, prog.types);
  const sym = (n: string) => symbolAddress(prog, n);
  const text: { start: bigint; end: bigint }[] = [];
  for (const [a, b] of [['_stext', '_etext'], ['_sinittext', '_einittext']] as const) {
    const s = sym(a);
    const e = sym(b);
    if (s !== undefined && e !== undefined && e > s) text.push({ start: s, end: e });
  }
  if (!text.length) warnings.push({ code: 'NO_TEXT_RANGE', message: 'no _stext/_etext symbols: kernel text cannot be told apart' });

  const release = prog.image.facts.utsname?.release ?? (prog.vmcoreinfo as { osRelease?: string } | null)?.osRelease;
  const opts = { textRanges: text, types: prog.types, release, warnings };
  let orc: OrcTable | null = null;
  if (prog.vmlinux) orc = await orcFromVmlinux(prog.vmlinux, prog.kaslrOffset, opts);
  orc ??= await orcFromMemory(prog.space, sym, opts);
  if (!orc) warnings.push({ code: 'NO_ORC', message: 'no ORC unwind tables: backtraces use frame pointers and are marked so' });

  const layout = stackLayout(prog, l, warnings);
  const switchFrame = switchFrameLayout(prog, l, warnings);
  const cpus = new Map<number, CpuRegisters>();
  for (const c of decodeCpus(prog.image, [])) if (c.arch === 'x86_64') cpus.set(c.cpu, c);
  const stacks = new Map<number, StackRange[]>();
  for (const cpu of cpus.keys()) stacks.set(cpu, await cpuStacks(prog, layout, cpu, warnings));
  const p = await panicCpu(prog, warnings);
  const kallsyms = ['symtab', 'num_symtab', 'strtab'].map((m) => l.tryOffset('mod_kallsyms', m));
  const modules = new ModuleCode(
    prog.space,
    await loadedModules(prog, l, warnings),
    orc?.version ?? null,
    warnings,
    kallsyms.every((x) => x !== undefined) ? { symtab: kallsyms[0]!, num: kallsyms[1]!, strtab: kallsyms[2]! } : null,
  );
  // A corrupt vmlinux entry (null) stays an error; only ips vmlinux does not cover go to modules.
  const orcSource: OrcSource | null = orc && {
    find: (ip) => {
      const e = orc.find(ip);
      return e !== undefined ? e : modules.orcFind(ip);
    },
  };
  let built: TextSymbols | null | undefined;
  const textSymbols = () => {
    if (built === undefined) {
      built = null;
      if (prog.symbols.kind === 'symtab' && text.length) {
        const lo = text.reduce((a, r) => (r.start < a ? r.start : a), text[0]!.start);
        const hi = text.reduce((a, r) => (r.end > a ? r.end : a), text[0]!.end);
        built = new TextSymbols(prog.symbols, lo, hi);
      }
    }
    return built;
  };
  return { prog, orc, orcSource, modules, text, textSymbols, layout, switchFrame, cpus, cpuStacks: stacks, panicCpu: p?.cpu ?? null, warnings };
}

function inVmlinuxText(env: UnwindEnv, ip: bigint): boolean {
  return env.text.some((r) => ip >= r.start && ip < r.end);
}

/** vmlinux text or a loaded module's text (any of the modules area when none is listed). */
export function isKernelText(env: UnwindEnv, ip: bigint): boolean {
  if (inVmlinuxText(env, ip)) return true;
  if (env.modules.modules.length) return env.modules.moduleOf(ip) !== undefined;
  return ip >= MODULES.start && ip < MODULES.end;
}

/** A code address as symbol+offset: vmlinux symbols inside vmlinux text, module symbols in modules. */
export function symbolizeCode(env: UnwindEnv, ip: bigint): SymbolAt | undefined {
  if (inVmlinuxText(env, ip)) return env.prog.symbolize(ip) ?? env.textSymbols()?.symbolize(ip);
  return env.modules.symbolize(ip);
}
