// Shared setup of the Program and CLI golden tests: open a fixture dump as a Program, with
// the dump's own debug info or with the debug vmlinux (optionally through an overlay that
// patches its bytes), and split crash's oracle output into command blocks.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ElfFile } from '../../src/analysis/debuginfo/elf/elf-file';
import { SHT_NOTE } from '../../src/analysis/debuginfo/elf/elf-header';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import { CachedSource } from '../../src/analysis/io/cached-source';
import { openProgram, type ProgramOptions } from '../../src/analysis/program/open-program';
import type { Program } from '../../src/analysis/program/program';
import { readElfAddress } from '../../src/analysis/program/vmlinux-match';
import { SymtabSource } from '../../src/analysis/debuginfo/elf/symtab';
import type { ParallelRunner } from '../../src/analysis/debuginfo/dwarf/parallel/runner';
import { openFileSource } from '../../src/node/file-source';
import { SyncFileReader } from '../../src/node/sync-file-reader';
import { hasOracle, readOracle, vmlinuxPath, type Fixture } from '../support/fixtures';
import { OverlaySource } from '../support/overlay-source';
import { openFixtureImage } from './kernel-state-support';

/** dump: kallsyms + BTF from memory; vmlinux: .symtab + .BTF; dwarf: .symtab + DWARF. */
export type DebugMode = 'dump' | 'vmlinux' | 'dwarf';

export interface OpenedProgram {
  prog: Program;
  ms: number;
  close(): Promise<void>;
}

export async function openFixtureProgram(
  f: Fixture,
  mode: DebugMode,
  opts: { wrapVmlinux?: (src: ByteSource) => ByteSource; parallel?: ParallelRunner } & Omit<ProgramOptions, 'vmlinux'> = {},
): Promise<OpenedProgram> {
  const { image, close } = await openFixtureImage(f);
  let vmFile: Awaited<ReturnType<typeof openFileSource>> | null = null;
  let reader: SyncFileReader | null = null;
  try {
    let vmlinux: ByteSource | undefined;
    if (mode !== 'dump') {
      vmFile = await openFileSource(vmlinuxPath()!);
      const src = opts.wrapVmlinux ? opts.wrapVmlinux(vmFile) : vmFile;
      vmlinux = new CachedSource(src, { budgetBytes: 32 << 20 });
    }
    if (mode === 'dwarf') reader = new SyncFileReader(vmlinuxPath()!);
    const dwarf = reader ? { reader, parallel: opts.parallel, workerFile: { path: vmlinuxPath()! } } : undefined;
    const t = performance.now();
    const prog = await openProgram(image, { ...opts, vmlinux, dwarf });
    const ms = performance.now() - t;
    return {
      prog,
      ms,
      close: async () => {
        await close();
        await vmFile?.close();
        reader?.close();
      },
    };
  } catch (e) {
    await close();
    await vmFile?.close();
    reader?.close();
    throw e;
  }
}

/** The output blocks of crash's oracle file: command → lines. Empty when there is no oracle. */
export function crashBlocks(f: Fixture, name = 'crash-8.0.6.txt'): { cmd: string; lines: string[] }[] {
  if (!hasOracle(f, name)) return [];
  return readOracle(f, name)
    .split(/^crash> /m)
    .slice(1)
    .map((b) => {
      const lines = b.split('\n');
      return { cmd: lines[0]!, lines: lines.slice(1) };
    });
}

export function crashBlock(f: Fixture, cmd: string | RegExp): string[] | undefined {
  return crashBlocks(f).find((b) => (typeof cmd === 'string' ? b.cmd === cmd : cmd.test(b.cmd)))?.lines;
}

/** drgn's task list of a dump (pid, comm), when drgn could read it. */
export function drgnTasks(f: Fixture): { pid: number; comm: string; task: string }[] | null {
  const p = join(f.oracleDir, 'drgn-tasks.json');
  return hasOracle(f, 'drgn-tasks.json')
    ? (JSON.parse(readFileSync(p, 'utf8')) as { pid: number; comm: string; task: string }[])
    : null;
}

/** File offsets of the vmlinux's build-id bytes and of linux_banner's text, to patch in an overlay. */
export async function vmlinuxPatchPoints(): Promise<{ buildId: number; banner: number; bannerText: string }> {
  const file = await openFileSource(vmlinuxPath()!);
  try {
    const elf = await ElfFile.open(file);
    const id = (await elf.buildId())!;
    const idBytes = Buffer.from(id, 'hex');
    let buildId = -1;
    for (const s of elf.sections.filter((x) => x.type === SHT_NOTE)) {
      const at = Buffer.from(await file.read(s.offset, s.size)).indexOf(idBytes);
      if (at >= 0) buildId = s.offset + at;
    }
    const sym = (await SymtabSource.load(elf)).lookup('linux_banner')!;
    const text = Buffer.from(await readElfAddress(elf, sym.address, Number(sym.size))).toString('latin1');
    const sec = elf.sections.find((s) => sym.address >= s.addr && sym.address < s.addr + BigInt(s.size) && s.addr !== 0n)!;
    return { buildId, banner: sec.offset + Number(sym.address - sec.addr), bannerText: text.replace(/\0.*$/s, '') };
  } finally {
    await file.close();
  }
}

/** The vmlinux with `bytes` written at `offset`, read through an overlay (the file is not copied). */
export function patched(offset: number, bytes: Uint8Array): (src: ByteSource) => ByteSource {
  return (src) => new OverlaySource(src).patch(offset, bytes);
}
