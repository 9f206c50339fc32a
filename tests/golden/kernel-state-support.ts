// Shared setup of the kernel-state golden tests (log, tasks, iomem, summary): open a
// fixture dump and give the helpers a KernelAccess in one of three modes:
//   vmcoreinfo: VMCOREINFO only (no symbols beyond it, no types)
//   dump:       kallsyms and BTF read from the dump's memory (no vmlinux)
//   vmlinux:    the debug vmlinux's symtab and DWARF
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DumpImage } from '../../src/analysis/formats/dump-image';
import { vmcoreInfoOf } from '../../src/analysis/formats/notes/decode-cpus';
import type { VmcoreInfo } from '../../src/analysis/formats/notes/vmcoreinfo';
import type { KernelAccess } from '../../src/analysis/helpers/linux/kernel-access';
import { openKernelMemory } from '../../src/analysis/memory/x86_64/kernel-memory';
import { hasOracle, readOracle, type Fixture } from '../support/fixtures';
import { openDump } from '../../src/analysis/formats/open-dump';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import { CachedSource } from '../../src/analysis/io/cached-source';
import { openFileSource } from '../../src/node/file-source';

export type AccessMode = 'vmcoreinfo' | 'dump' | 'vmlinux';

export interface OpenedKernel {
  image: DumpImage;
  vmcoreinfo: VmcoreInfo;
  access: KernelAccess;
  close(): Promise<void>;
}

/** Opens the fixture's dump file, optionally through a wrapper of its ByteSource (an overlay). */
export async function openFixtureImage(
  f: Fixture,
  wrap?: (src: ByteSource) => ByteSource,
): Promise<{ image: DumpImage; close: () => Promise<void> }> {
  const file = await openFileSource(f.path);
  const src = wrap ? wrap(file) : file;
  const image = await openDump([new CachedSource(src, { budgetBytes: 64 << 20 })]);
  return {
    image,
    close: async () => {
      await image.close?.();
      await file.close();
    },
  };
}

export async function openKernelVmcoreinfoOnly(
  f: Fixture,
  wrap?: (src: ByteSource) => ByteSource,
): Promise<OpenedKernel> {
  const { image, close } = await openFixtureImage(f, wrap);
  const vmcoreinfo = vmcoreInfoOf(image);
  if (!vmcoreinfo) throw new Error(`${f.id}: no VMCOREINFO`);
  const km = await openKernelMemory(image, vmcoreinfo);
  const access: KernelAccess = {
    memory: km.virtual,
    vmcoreinfo,
    types: null,
    symbol: (n) => vmcoreinfo.symbol(n),
    perCpuPtr: (a, cpu) => km.perCpuPtr(a, cpu),
  };
  return {
    image,
    vmcoreinfo,
    access,
    close,
  };
}

/** The output blocks of crash: command → lines. */
export function crashBlock(f: Fixture, cmd: string, file = 'crash-8.0.6.txt'): string[] | null {
  if (!hasOracle(f, file)) return null;
  for (const b of readOracle(f, file).split(/^crash> /m).slice(1)) {
    const lines = b.split('\n');
    if (lines[0] === cmd) {
      const body = lines.slice(1);
      if (body[body.length - 1] === '') body.pop();
      return body;
    }
  }
  return null;
}

/**
 * makedumpfile --dump-dmesg of this dump (README point 5: the Debian build, else the
 * snappy/zstd build, else either run on the reassembled file), else crash's `log`,
 * which prints the same text (QEMU dumps, which makedumpfile cannot read).
 */
export function dmesgOracle(f: Fixture): { name: string; lines: string[] } {
  for (const name of [
    'makedumpfile-dmesg.txt',
    'makedumpfile-extra-dmesg.txt',
    'makedumpfile-dmesg-reassembled.txt',
    'makedumpfile-extra-dmesg-reassembled.txt',
  ]) {
    if (hasOracle(f, name)) {
      const lines = readFileSync(join(f.oracleDir, name), 'utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return { name, lines };
    }
  }
  const log = crashBlock(f, 'log');
  if (!log) throw new Error(`${f.id}: no dmesg oracle`);
  return { name: 'crash-8.0.6.txt log', lines: log };
}
