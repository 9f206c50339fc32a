// The kernel state of every real dump, read once per debug-info mode, against crash
// 8.0.6 (sys, ps, log), drgn (tasks, runqueues, iomem), makedumpfile --dump-dmesg and the
// live /proc/iomem: from the dump alone (kallsyms + BTF), with the vmlinux's .symtab and
// .BTF, and with its DWARF (one dump per boot: indexing takes seconds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKernelState, type KernelState } from '../../src/analysis/helpers/linux/kernel-state';
import { allFixtures, vmlinuxPath } from '../support/fixtures';
import {
  expectLogLikeMakedumpfile,
  expectPanicLikeCrashSys,
  expectResources,
  expectRunqueues,
  expectSummaryLikeCrashSys,
  expectTasksLikeCrash,
  expectTasksLikeDrgn,
} from './kernel-state-checks';
import { fixtureModeCases, openFixtureProgram } from './kernel-state-support';

const DWARF_DUMPS = new Set(['kdump-zlib', 'qemu-elf']);
const cases: ReturnType<typeof fixtureModeCases> = [
  ...fixtureModeCases(),
  ...(vmlinuxPath() ? allFixtures().filter((f) => DWARF_DUMPS.has(f.id)).map((f) => [`${f.id} (dwarf)`, f, 'dwarf'] as const) : []),
];

describe.each(cases)('kernel state of %s', (_name, f, mode) => {
  let state: KernelState;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const p = await openFixtureProgram(f, mode);
    close = p.close;
    expect(p.program.provenance.types).toBe(mode === 'dwarf' ? 'dwarf' : 'btf');
    state = await getKernelState(p.program, p.image);
  });
  afterAll(() => close?.());

  it('reads every part without warnings', () => expect(state.warnings).toEqual([]));
  it("task table equals crash's ps", () => expectTasksLikeCrash(f, state.tasks!));
  it("task table equals drgn's tasks", () => expectTasksLikeDrgn(f, state.tasks!));
  it('per-CPU current and idle tasks and runqueue lengths', () => expectRunqueues(f, state.tasks!));
  it('iomem and ioports equal the live /proc files and drgn', () => expectResources(f, state.iomem!, state.ioport!));
  it("summary equals crash's sys", () => expectSummaryLikeCrashSys(f, state));
  it("panic equals crash's PANIC line and the manifest", () => expectPanicLikeCrashSys(f, state));
  it('log equals makedumpfile --dump-dmesg', () => expectLogLikeMakedumpfile(f, state));
});
