// Builds a Program from a dump and, optionally, its vmlinux. The bootstrap order:
//   VMCOREINFO → phys_base (and KERNELOFFSET) → the kernel image mapping (no page tables)
//   → symbols: vmlinux .symtab + KERNELOFFSET after the match check, else kallsyms from
//     the dump, else VMCOREINFO's SYMBOL() lines
//   → page tables and region bases (page_offset_base… read through those symbols)
//   → types: vmlinux DWARF, else vmlinux .BTF, else BTF from the dump's memory.
// Only x86_64 kernels are supported so far.
import { CancelledError, UnsupportedError, type Warning } from '../errors';
import { withBias, type CodeSource, type SymbolSource, type TypeSource } from '../debuginfo/debug-info';
import type { ElfFile } from '../debuginfo/elf/elf-file';
import type { DumpImage } from '../formats/dump-image';
import { qemuCpuStates, vmcoreInfoOf } from '../formats/notes/decode-cpus';
import type { ByteSource } from '../io/byte-source';
import { KernelImageSpace } from '../memory/kernel-image-space';
import { resolvePhysBase } from '../memory/x86_64/kaslr';
import { openKernelMemory, type KernelMemoryInput } from '../memory/x86_64/kernel-memory';
import { btfFromDump, symbolsFromDump } from './dump-debug-info';
import { Program, type ProgramProvenance } from './program';
import { openVmlinuxSymbols, typesFromVmlinux, type DwarfHost, type ProgressFn } from './vmlinux-debug-info';

export interface ProgramOptions {
  /** The debug vmlinux (an ELF executable). Without it the dump's own kallsyms and BTF are used. */
  vmlinux?: ByteSource;
  /** Use a vmlinux that does not match the dump (a warning instead of VmlinuxMismatchError). */
  force?: boolean;
  /** Step name, bytes (or items) done and total. */
  onProgress?: ProgressFn;
  signal?: { readonly aborted: boolean };
  /**
   * Index the vmlinux DWARF (types, functions, lines) with these host facilities; without
   * them types come from the vmlinux .BTF (same layouts, no source lines).
   */
  dwarf?: DwarfHost;
}

export async function openProgram(image: DumpImage, opts: ProgramOptions = {}): Promise<Program> {
  if (image.arch !== 'x86_64') {
    throw new UnsupportedError(`kernel address translation for ${image.arch} dumps is not supported yet (x86_64 only)`);
  }
  const warnings: Warning[] = [];
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    if (opts.signal?.aborted) throw new CancelledError();
    const t = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = Math.round(performance.now() - t);
    }
  };
  const info = vmcoreInfoOf(image);
  if (!info) warnings.push({ code: 'NO_VMCOREINFO', message: 'the dump has no VMCOREINFO note' });

  // The kernel image mapping needs only phys_base: enough to read kallsyms, BTF and banners.
  const pb = resolvePhysBase({
    vmcoreinfo: info?.number('phys_base'),
    kdumpHeader: image.facts.physBase,
    segments: image.virtualSegments,
  }).physBase;
  const imageSpace = pb ? new KernelImageSpace((pa, n) => image.readPhys(pa, n), pb.value) : null;

  let symbols: SymbolSource | null;
  let symbolKind: ProgramProvenance['symbols'] | null;
  let kaslrOffset = info?.kernelOffset ?? 0n;
  let elf: ElfFile | null = null;
  let buildIdMatch: boolean | null = null;
  if (opts.vmlinux) {
    const vmlinux = opts.vmlinux;
    const v = await step('vmlinux symbols and match check', () =>
      openVmlinuxSymbols(vmlinux, info, imageSpace, { force: opts.force ?? false, warnings, onProgress: opts.onProgress }),
    );
    elf = v.elf;
    kaslrOffset = v.kaslrOffset;
    buildIdMatch = v.match.buildIdMatch;
    symbols = withBias(v.symtab, kaslrOffset);
    symbolKind = 'symtab';
  } else {
    const d = await step('kallsyms', () => symbolsFromDump(info, imageSpace, warnings));
    symbols = d.symbols;
    symbolKind = d.source;
  }

  const input: KernelMemoryInput = {};
  if (symbols) {
    const s = symbols;
    // Per-CPU and absolute symbols are offsets, not addresses: never translate them.
    input.symbol = (name) => {
      const x = s.lookup(name);
      return x && !x.absolute ? x.address : undefined;
    };
  }
  const cpu = image.producer === 'qemu' ? qemuCpuStates(image)[0] : undefined;
  if (cpu) {
    input.cr3 = cpu.cr3;
    input.cr4 = cpu.cr4;
  }
  const memory = await step('page tables', () => openKernelMemory(image, info, input));
  warnings.push(...memory.warnings);
  if (!symbols) {
    symbols = { kind: 'kallsyms', runtime: true, lookup: () => undefined, symbolize: () => undefined, symbols: () => [] };
  }

  let types: TypeSource | null;
  let code: CodeSource | null = null;
  if (elf) {
    const e = elf;
    ({ types, code } = await step('types', () =>
      typesFromVmlinux(e, { dwarf: opts.dwarf, warnings, onProgress: opts.onProgress, signal: opts.signal }),
    ));
  } else {
    const s = symbols;
    types = await step('types', () => btfFromDump(memory.virtual, s, warnings));
  }
  if (opts.signal?.aborted) throw new CancelledError();

  return new Program({
    image,
    vmcoreinfo: info,
    memory,
    symbols,
    types,
    code,
    debugInfoSource: elf ? 'vmlinux' : 'dump',
    vmlinuxBuildIdMatch: buildIdMatch,
    kaslrOffset,
    vmlinux: elf,
    provenance: { symbols: symbolKind ?? 'vmcoreinfo', types: types?.kind ?? null, timings },
    warnings,
  });
}
