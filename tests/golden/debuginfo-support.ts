// Shared setup of the debug-info golden tests: open a fixture dump, read its VMCOREINFO,
// make the kernel-image address space, decode kallsyms; open the vmlinux once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DumpImage } from '../../src/analysis/formats/dump-image';
import { vmcoreInfoOf } from '../../src/analysis/formats/notes/decode-cpus';
import type { VmcoreInfo } from '../../src/analysis/formats/notes/vmcoreinfo';
import { CachedSource } from '../../src/analysis/io/cached-source';
import { KernelImageSpace } from '../../src/analysis/memory/kernel-image-space';
import { ElfFile } from '../../src/analysis/debuginfo/elf/elf-file';
import { kallsymsLocationFrom } from '../../src/analysis/debuginfo/kallsyms/kallsyms-location';
import {
  loadKallsyms,
  type KallsymsSource,
} from '../../src/analysis/debuginfo/kallsyms/kallsyms-source';
import { openFileSource } from '../../src/node/file-source';
import type { Fixture } from '../support/fixtures';

export interface OpenedDump {
  fixture: Fixture;
  image: DumpImage;
  vmcoreinfo: VmcoreInfo;
  space: KernelImageSpace;
  kallsyms: KallsymsSource;
  close: () => Promise<void>;
}

export async function openDumpFile(
  path: string,
): Promise<{ image: DumpImage; close: () => Promise<void> }> {
  const file = await openFileSource(path);
  const { openDump } = await import('../../src/analysis/formats/open-dump');
  const image = await openDump([new CachedSource(file, { budgetBytes: 64 << 20 })]);
  return { image, close: () => file.close() };
}

/** Opens a fixture and decodes its kallsyms from memory (the no-vmlinux bootstrap). */
export async function openWithKallsyms(f: Fixture): Promise<OpenedDump> {
  const { image, close } = await openDumpFile(f.path);
  const vmcoreinfo = vmcoreInfoOf(image);
  if (!vmcoreinfo) throw new Error(`${f.id}: no VMCOREINFO`);
  const space = new KernelImageSpace(
    (pa, n) => image.readPhys(pa, n),
    vmcoreinfo.number('phys_base')!,
  );
  const loc = kallsymsLocationFrom((n) => vmcoreinfo.symbol(n));
  if (!loc) throw new Error(`${f.id}: no kallsyms in VMCOREINFO`);
  const kallsyms = await loadKallsyms(space, loc);
  return { fixture: f, image, vmcoreinfo, space, kallsyms, close };
}

export async function openVmlinux(
  path: string,
): Promise<{ elf: ElfFile; close: () => Promise<void> }> {
  const file = await openFileSource(path);
  return {
    elf: await ElfFile.open(new CachedSource(file, { budgetBytes: 32 << 20 })),
    close: () => file.close(),
  };
}

/** truth/…/kallsyms.txt: "ADDR LETTER NAME" lines the guest printed from /proc/kallsyms. */
export function truthKallsyms(f: Fixture): { address: bigint; letter: string; name: string }[] {
  return readFileSync(join(f.truthDir, 'kallsyms.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [a, letter, name] = l.trim().split(/\s+/);
      return { address: BigInt(`0x${a}`), letter: letter!, name: name! };
    });
}

/** Wall time of `fn` in ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}
