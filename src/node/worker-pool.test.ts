import { afterAll, describe, expect, it } from 'vitest';
import { BadDataError } from '../analysis/errors';
import { writeDwarf } from '../analysis/debuginfo/dwarf/test-support/dwarf-writer';
import { dwarfElf } from '../analysis/debuginfo/dwarf/test-support/elf-writer';
import { openBytes } from '../analysis/debuginfo/dwarf/test-support/open-test-dwarf';
import {
  codeLines,
  codeUnits,
  T,
  typeUnits,
} from '../analysis/debuginfo/dwarf/test-support/samples';
import type { ParallelRunner } from '../analysis/debuginfo/dwarf/parallel/runner';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dwarfWorkerPool } from './dwarf-worker-script';
import { openDwarfFile } from './open-dwarf';

const dir = mkdtempSync(join(tmpdir(), 'crashlens-dwarf-test-'));
function onDisk(bytes: Uint8Array, name: string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('DWARF index on worker_threads', () => {
  const pools: ParallelRunner[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same answers with 2 workers and tiny chunks as in-thread', async () => {
    const file = dwarfElf(
      writeDwarf([...typeUnits(5), ...codeUnits(5), ...typeUnits(4)], [codeLines(5)]),
    );
    const progress: number[] = [];
    const par = await openDwarfFile(onDisk(file, 'ok.elf'), 2, {
      chunkBytes: 64,
      onProgress: (done) => progress.push(done),
    });
    const seq = await openBytes(file);
    expect(par.index.unitCount).toBe(seq.index.unitCount);
    expect(par.index.functionCount).toBe(seq.index.functionCount);
    expect([...par.types.typeNames()].sort()).toEqual([...seq.types.typeNames()].sort());
    expect(par.code.functionAt(T + 0x1bn)).toEqual(seq.code.functionAt(T + 0x1bn));
    expect(par.code.inlineChainAt(T + 0x1bn)).toEqual(seq.code.inlineChainAt(T + 0x1bn));
    expect(par.types.findType('struct outer')).toMatchObject({ size: 56 });
    expect(progress.at(-1)).toBe(par.sections.sections.info!.size);
    expect(progress.length).toBeGreaterThan(3);
  });

  it('brings a worker error back as the same BadDataError', async () => {
    const s = writeDwarf(typeUnits(5));
    const info = s.info!.slice();
    info[4] = 9; // version
    const pool = (await dwarfWorkerPool(1))!;
    pools.push(pool);
    const path = onDisk(dwarfElf({ ...s, info }), 'bad.elf');
    const e = await openBytes(dwarfElf({ ...s, info }), {
      runner: pool,
      workerFile: { path },
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BadDataError);
    expect((e as Error).message).toMatch(/DWARF version 2 to 5, found 9/);
  });
});
