// A harness over openDump (sniffing, flattened unwrapping, split joining, the container
// parser) plus reads and the report: the dump harnesses differ only in their seeds.
import type { ByteSource } from '../../../src/analysis/io/byte-source';
import { openDump } from '../../../src/analysis/formats/open-dump';
import { denseFile, sourcesOf, type FuzzInput } from '../../core/fuzz-input';
import type { Harness, SeedContext } from '../../core/harness';
import { recordSeed } from '../../core/record-seed';
import type { FixtureFile } from '../../core/fixture-files';
import { exerciseImage } from './exercise-image';
import type { SyntheticDump } from './synthetic-kdumps';

export async function exerciseDump(sources: ByteSource[]): Promise<void> {
  const image = await openDump(sources);
  await exerciseImage(image);
}

export function dumpHarness(
  name: string,
  synthetic: () => SyntheticDump[],
  fixtures: (f: FixtureFile) => boolean,
  maxFixtures = 4,
): Harness {
  return {
    name,
    async seeds(ctx: SeedContext): Promise<FuzzInput[]> {
      const out: FuzzInput[] = synthetic().map((d) => ({ label: d.label, files: d.files.map((f) => denseFile(f.name, f.bytes)) }));
      for (const f of ctx.fixtures.filter(fixtures).slice(0, maxFixtures)) out.push(await recordSeed(f.id, [f.path], exerciseDump));
      return out;
    },
    run: (input) => exerciseDump(sourcesOf(input)),
  };
}
