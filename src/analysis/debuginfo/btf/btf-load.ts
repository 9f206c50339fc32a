// Where kernel BTF comes from: the vmlinux `.BTF` section, or the running kernel's copy
// of it, which the linker keeps between the symbols __start_BTF and __stop_BTF
// (include/asm-generic/vmlinux.lds.h BTF section; kernel/bpf/sysfs_btf.c exports the same
// bytes as /sys/kernel/btf/vmlinux). Both addresses come from kallsyms or the symtab.
import { BadDataError, MissingDebugInfoError } from '../../errors';
import type { AddressSpace } from '../../memory/address-space';
import type { ElfFile } from '../elf/elf-file';
import { BtfTypeSource } from './btf-source';

/** More than this between __start_BTF and __stop_BTF is not BTF (6.x kernels: ~4–6 MB). */
export const MAX_BTF_BYTES = 64 * 1024 * 1024;

export async function loadBtfFromElf(elf: ElfFile): Promise<BtfTypeSource> {
  const s = elf.section('.BTF');
  if (!s)
    throw new MissingDebugInfoError(
      `${elf.source.name} has no .BTF section (kernel built without CONFIG_DEBUG_INFO_BTF)`,
    );
  const blob = await elf.readSection(s, MAX_BTF_BYTES);
  return BtfTypeSource.parse(blob, `${elf.source.name} .BTF`, s.offset, elf.is64 ? 8 : 4);
}

/** Reads [start, stop) of kernel virtual memory and parses it as BTF. */
export async function loadBtfFromMemory(
  space: AddressSpace,
  start: bigint,
  stop: bigint,
  pointerSize = 8,
): Promise<BtfTypeSource> {
  const source = `kernel BTF at 0x${start.toString(16)}`;
  if (stop <= start || stop - start > BigInt(MAX_BTF_BYTES)) {
    throw new BadDataError(
      source,
      0,
      `__stop_BTF above __start_BTF by at most ${MAX_BTF_BYTES} bytes`,
      `__stop_BTF = 0x${stop.toString(16)}`,
    );
  }
  const blob = await space.read(start, Number(stop - start));
  return BtfTypeSource.parse(blob, source, 0, pointerSize);
}
