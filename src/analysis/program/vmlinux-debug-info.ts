// Debug info from a vmlinux: the ELF headers, the match check against the dump, the
// .symtab (link-time addresses, shifted by KERNELOFFSET to runtime ones), then types —
// DWARF when the host can read the file synchronously (the DWARF TypeSource answers
// synchronously) and indexing succeeds, else the .BTF section.
import { errorMessage, type Warning } from '../errors';
import type { CodeSource, TypeSource } from '../debuginfo/debug-info';
import { loadBtfFromElf } from '../debuginfo/btf/btf-load';
import { openDwarf } from '../debuginfo/dwarf/dwarf-info';
import type { ParallelRunner } from '../debuginfo/dwarf/parallel/runner';
import { dwarfSections } from '../debuginfo/dwarf/sections';
import type { SyncReader } from '../debuginfo/dwarf/sync-reader';
import { ElfFile } from '../debuginfo/elf/elf-file';
import { SymtabSource } from '../debuginfo/elf/symtab';
import type { VmcoreInfo } from '../formats/notes/vmcoreinfo';
import type { ByteSource } from '../io/byte-source';
import type { AddressSpace } from '../memory/address-space';
import { VmlinuxMatcher, type MatchReport } from './vmlinux-match';

export interface ProgressFn {
  (step: string, done: number, total: number): void;
}

/** What DWARF indexing needs from the host: the vmlinux read synchronously, and workers. */
export interface DwarfHost {
  /** The same file as the vmlinux ByteSource, read synchronously. */
  reader: SyncReader;
  /** Lanes for the index (Node worker_threads, web workers); default: this thread. */
  parallel?: ParallelRunner;
  /** What each index worker opens to read the file itself (Node: `{ path }`, browser: the File). */
  workerFile?: unknown;
  /** Close `parallel` as soon as the workers have returned their parts (frees their memory). */
  closeRunner?: boolean;
}

export interface VmlinuxSymbols {
  elf: ElfFile;
  symtab: SymtabSource;
  kaslrOffset: bigint;
  match: MatchReport;
}

/**
 * Opens the vmlinux and checks that it matches the dump before anything large is read:
 * build-id from the notes first, then (with the symbol table) release and linux_banner.
 * Throws VmlinuxMismatchError unless `force`.
 */
export async function openVmlinuxSymbols(
  src: ByteSource,
  info: VmcoreInfo | null,
  imageSpace: AddressSpace | null,
  opts: { force: boolean; warnings: Warning[]; onProgress?: ProgressFn },
): Promise<VmlinuxSymbols> {
  const elf = await ElfFile.open(src);
  const matcher = new VmlinuxMatcher(src.name, opts.force, opts.warnings);
  matcher.buildId(info?.buildId, await elf.buildId());
  const bytes = (elf.section('.symtab')?.size ?? 0) + (elf.section('.strtab')?.size ?? 0);
  opts.onProgress?.('reading vmlinux symbols', 0, bytes);
  const symtab = await SymtabSource.load(elf);
  opts.onProgress?.('reading vmlinux symbols', bytes, bytes);
  opts.warnings.push(...symtab.warnings);
  const kaslrOffset = kernelOffset(info, symtab, opts.warnings);
  const banner = symtab.lookup('linux_banner');
  await matcher.banner(info?.osRelease, elf, symtab, imageSpace, banner && banner.address + kaslrOffset);
  return { elf, symtab, kaslrOffset, match: matcher.report };
}

/**
 * KASLR slide: VMCOREINFO KERNELOFFSET (kernel/crash_core.c, x86_64 since v4.8), else
 * the runtime _stext of VMCOREINFO minus its link-time address.
 */
function kernelOffset(info: VmcoreInfo | null, symtab: SymtabSource, warnings: Warning[]): bigint {
  if (info?.kernelOffset !== undefined) return info.kernelOffset;
  const runtime = info?.symbol('_stext');
  const link = symtab.lookup('_stext')?.address;
  if (runtime !== undefined && link !== undefined) return BigInt.asUintN(64, runtime - link);
  warnings.push({ code: 'NO_KASLR_OFFSET', message: 'no KERNELOFFSET nor SYMBOL(_stext) in VMCOREINFO: assuming the kernel was not relocated' });
  return 0n;
}

/** DWARF when `dwarf` is given and works, else .BTF; null with a warning when neither. */
export async function typesFromVmlinux(
  elf: ElfFile,
  opts: {
    dwarf?: DwarfHost;
    warnings: Warning[];
    onProgress?: ProgressFn;
    signal?: { readonly aborted: boolean };
  },
): Promise<{ types: TypeSource | null; code: CodeSource | null }> {
  if (opts.dwarf) {
    try {
      const d = await openDwarf(elf.source, opts.dwarf.reader, {
        sections: dwarfSections(elf),
        runner: opts.dwarf.parallel,
        workerFile: opts.dwarf.workerFile,
        closeRunner: opts.dwarf.closeRunner,
        onProgress: (done, total) => opts.onProgress?.('indexing vmlinux DWARF', done, total),
        signal: opts.signal,
      });
      return { types: d.types, code: d.code };
    } catch (e) {
      if ((e as { code?: string }).code === 'CANCELLED') throw e;
      opts.warnings.push({ code: 'DWARF_FAILED', message: `DWARF of ${elf.source.name}: ${errorMessage(e)}; using .BTF` });
    }
  }
  try {
    const btf = await loadBtfFromElf(elf);
    opts.warnings.push(...btf.warnings);
    return { types: btf, code: null };
  } catch (e) {
    opts.warnings.push({ code: 'NO_TYPES', message: `types of ${elf.source.name}: ${errorMessage(e)}` });
    return { types: null, code: null };
  }
}
