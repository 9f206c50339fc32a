// iomem_resource and ioport_resource of every real dump against the live /proc/iomem and
// /proc/ioports (truth/, read as root) and drgn's walks, with and without the vmlinux.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResources, getResourceTree, type ResourceTree } from '../../src/analysis/helpers/linux/resource';
import { hasOracle, readOracle } from '../support/fixtures';
import { openFixtureProgram, fixtureModeCases } from './kernel-state-support';

interface DrgnResource {
  depth: number;
  start: string;
  end: string;
  name: string;
  flags: string;
}

const cases = fixtureModeCases();

describe.each(cases)('resources of %s', (_name, f, mode) => {
  let iomem: ResourceTree;
  let ioport: ResourceTree;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const p = await openFixtureProgram(f, mode);
    close = p.close;
    iomem = await getResourceTree(p.program, 'iomem_resource');
    ioport = await getResourceTree(p.program, 'ioport_resource');
  });
  afterAll(() => close?.());

  it('renders iomem_resource as the live /proc/iomem, Crash kernel included', () => {
    expect(iomem.warnings).toEqual([]);
    const truth = readFileSync(join(f.truthDir, 'iomem.txt'), 'utf8');
    expect(formatResources(iomem.root, iomem.resources)).toBe(truth);
    expect(truth).toMatch(/^ {2}[0-9a-f]+-[0-9a-f]+ : Crash kernel$/m);
  });

  it('renders ioport_resource as the live /proc/ioports', () => {
    expect(ioport.warnings).toEqual([]);
    expect(formatResources(ioport.root, ioport.resources)).toBe(readFileSync(join(f.truthDir, 'ioports.txt'), 'utf8'));
  });

  it("equals drgn's walks, flags included", () => {
    for (const [file, tree] of [['drgn-iomem.json', iomem], ['drgn-ioport.json', ioport]] as const) {
      if (!hasOracle(f, file)) continue;
      const drgn = JSON.parse(readOracle(f, file)) as DrgnResource[];
      expect(
        tree.resources.map((r) => ({
          depth: r.depth,
          start: `0x${r.start.toString(16)}`,
          end: `0x${r.end.toString(16)}`,
          name: r.name,
          flags: `0x${r.flags.toString(16)}`,
        })),
      ).toEqual(drgn.map((d) => ({ depth: d.depth, start: d.start, end: d.end, name: d.name, flags: d.flags })));
    }
  });
});
