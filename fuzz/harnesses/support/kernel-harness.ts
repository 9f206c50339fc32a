// Harnesses of the kernel-state parsers that read kernel memory out of a dump (kallsyms,
// page tables, the printk ring…). Seeds are real dumps cut down to what the analysis
// reads; what the parser under test reads after focus() is where most mutations go.
// ELF fixtures come first: their pages are stored raw, so mutations corrupt kernel data
// rather than compressed streams.
import type { DumpImage } from '../../../src/analysis/formats/dump-image';
import { openDump } from '../../../src/analysis/formats/open-dump';
import { vmcoreInfoOf } from '../../../src/analysis/formats/notes/decode-cpus';
import type { VmcoreInfo } from '../../../src/analysis/formats/notes/vmcoreinfo';
import type { ByteSource } from '../../../src/analysis/io/byte-source';
import { openProgram } from '../../../src/analysis/program/open-program';
import type { Program } from '../../../src/analysis/program/program';
import { isElfCore, isKdump, type FixtureFile } from '../../core/fixture-files';
import { sourcesOf, type FuzzInput } from '../../core/fuzz-input';
import type { Harness, SeedContext } from '../../core/harness';
import { recordSeed } from '../../core/record-seed';

export type KernelStep = (image: DumpImage, info: VmcoreInfo, focus: () => void) => Promise<void>;

/** ELF fixtures of both producers first, the kdump sample when there is nothing else. */
export function kernelFixtures(all: FixtureFile[], max = 2): FixtureFile[] {
  const elf = ['kdump-elf-d31', 'qemu-elf', 'kdump-elf-full'].map((id) => all.find((f) => f.id === id)).filter((f) => f !== undefined);
  const rest = [...all.filter(isElfCore), ...all.filter(isKdump)];
  return [...new Set([...elf, ...rest])].slice(0, max);
}

export function kernelHarness(name: string, step: KernelStep): Harness {
  const exercise = async (sources: ByteSource[], focus: () => void = () => undefined) => {
    const image = await openDump(sources);
    const info = vmcoreInfoOf(image);
    if (info) await step(image, info, focus);
  };
  return {
    name,
    async seeds(ctx: SeedContext): Promise<FuzzInput[]> {
      const out: FuzzInput[] = [];
      for (const f of kernelFixtures(ctx.fixtures)) out.push(await recordSeed(f.id, [f.path], exercise));
      return out;
    },
    run: (input) => exercise(sourcesOf(input)),
  };
}

/**
 * A harness of a helper that needs the whole Program (symbols, page tables and BTF from
 * the dump): slow per input, since every mutant builds its Program again.
 */
export function programHarness(name: string, step: (program: Program) => Promise<void>): Harness {
  return kernelHarness(name, async (image, _info, focus) => {
    const program = await openProgram(image);
    focus();
    await step(program);
  });
}
