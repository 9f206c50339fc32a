// Shared setup of the kernel-state golden tests (log, tasks, iomem, summary): open a
// fixture dump and give the helpers a KernelAccess in one of three modes:
//   vmcoreinfo: VMCOREINFO only (no symbols beyond it, no types)
//   dump:       kallsyms and BTF read from the dump's memory (no vmlinux)
//   vmlinux:    the debug vmlinux's symtab and DWARF (BTF until a DWARF loader is given)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DumpImage } from '../../src/analysis/formats/dump-image';
import { vmcoreInfoOf } from '../../src/analysis/formats/notes/decode-cpus';
import type { VmcoreInfo } from '../../src/analysis/formats/notes/vmcoreinfo';
import type { KernelAccess } from '../../src/analysis/helpers/linux/kernel-access';
import { openKernelMemory } from '../../src/analysis/memory/x86_64/kernel-memory';
import { openProgram } from '../../src/analysis/program/open-program';
import type { Program } from '../../src/analysis/program/program';
import { allFixtures, hasOracle, readOracle, vmlinuxPath, type Fixture } from '../support/fixtures';
import { openDump } from '../../src/analysis/formats/open-dump';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import { CachedSource } from '../../src/analysis/io/cached-source';
import { openFileSource } from '../../src/node/file-source';
import { SyncFileReader } from '../../src/node/sync-file-reader';

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

/** dump: kallsyms + BTF from memory; vmlinux: .symtab + .BTF; dwarf: .symtab + DWARF. */
export type DebugMode = 'dump' | 'vmlinux' | 'dwarf';

/** Every fixture in each mode with types: from the dump alone, and with the vmlinux (.BTF) when fetched. */
export function fixtureModeCases(): (readonly [string, Fixture, DebugMode])[] {
  const modes = vmlinuxPath() ? (['dump', 'vmlinux'] as const) : (['dump'] as const);
  return allFixtures().flatMap((f) => modes.map((m) => [`${f.id} (${m})`, f, m] as const));
}

/** A Program on the fixture: with the debug vmlinux, or from the dump alone (kallsyms, BTF). */
export async function openFixtureProgram(
  f: Fixture,
  mode: DebugMode,
  wrap?: (src: ByteSource) => ByteSource,
): Promise<{ program: Program; image: DumpImage; close: () => Promise<void> }> {
  const { image, close } = await openFixtureImage(f, wrap);
  let vmlinux: { src: ByteSource; reader: SyncFileReader | null; close(): Promise<void> } | undefined;
  if (mode !== 'dump') {
    const path = vmlinuxPath();
    if (!path) throw new Error('no vmlinux');
    const file = await openFileSource(path);
    const reader = mode === 'dwarf' ? new SyncFileReader(path) : null;
    vmlinux = {
      src: new CachedSource(file, { budgetBytes: 64 << 20 }),
      reader,
      close: async () => {
        reader?.close();
        await file.close();
      },
    };
  }
  const program = await openProgram(image, {
    vmlinux: vmlinux?.src,
    dwarf: vmlinux?.reader ? { reader: vmlinux.reader } : undefined,
  });
  return {
    program,
    image,
    close: async () => {
      await close();
      await vmlinux?.close();
    },
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

export interface CrashPsRow {
  active: boolean;
  pid: number;
  ppid: number;
  cpu: number;
  task: string;
  st: string;
  comm: string;
}

/** crash's `ps` rows (">" marks the active task of a CPU; kernel threads in brackets). */
export function crashPs(f: Fixture): CrashPsRow[] | null {
  const lines = crashBlock(f, 'ps');
  if (!lines) return null;
  return lines.slice(1).map((line) => {
    const m = /^(>?)\s*(\d+)\s+(\d+)\s+(\d+)\s+([0-9a-f]+)\s+(\S+)\s+\S+\s+\d+\s+\d+\s+(.*)$/.exec(line);
    if (!m) throw new Error(`bad crash ps line: ${line}`);
    const comm = m[7]!.replace(/^\[(.*)\]$/, '$1');
    return { active: m[1] === '>', pid: +m[2]!, ppid: +m[3]!, cpu: +m[4]!, task: `0x${m[5]}`, st: m[6]!, comm };
  });
}

/** crash's two-letter ps states as the kernel's letters. */
export const CRASH_STATE: Record<string, string> = {
  RU: 'R', IN: 'S', UN: 'D', ST: 'T', TR: 't', DE: 'X', ZO: 'Z', PA: 'P', ID: 'I',
};
