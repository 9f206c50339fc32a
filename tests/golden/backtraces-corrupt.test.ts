// Corrupt stacks and unwind tables in a real dump, patched through an overlay (the file
// is not copied): the unwind of the touched tasks stops with a warning at the bad word,
// keeps the frames before it, invents none after it, and the other tasks are untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTaskTable, type TaskTable } from '../../src/analysis/helpers/linux/sched/task-table';
import { getBacktraces, type Backtraces } from '../../src/analysis/helpers/linux/stack/backtraces';
import { StructLayouts } from '../../src/analysis/helpers/linux/struct-layout';
import type { Program } from '../../src/analysis/program/program';
import { openFileSource } from '../../src/node/file-source';
import { allFixtures } from '../support/fixtures';
import { elfFileOffsetsOfPhys, OverlaySource } from '../support/overlay-source';
import { openFixtureProgram } from './kernel-state-support';

const f = allFixtures().find((x) => x.id === 'kdump-elf-full' || x.id === 'kdump-elf-d31');
const names = (r: Backtraces, pid: number) => r.backtraces.find((b) => b.pid === pid)!.frames.map((x) => x.symbol);

describe.runIf(f)('corrupt stacks and ORC data in a real dump', () => {
  let program: Program;
  let close: () => Promise<void>;
  let table: TaskTable;
  let clean: Backtraces;
  beforeAll(async () => {
    const p = await openFixtureProgram(f!, 'dump');
    program = p.program;
    close = p.close;
    table = await getTaskTable(program);
    clean = await getBacktraces(program, table);
  });
  afterAll(() => close?.());

  /** Every backtrace of the dump with bytes at kernel virtual addresses replaced. */
  async function backtracesWith(patches: { va: bigint; bytes: Uint8Array }[]): Promise<Backtraces> {
    const file = await openFileSource(f!.path);
    const edits: { off: number; bytes: Uint8Array }[] = [];
    for (const p of patches) {
      for (const off of await elfFileOffsetsOfPhys(file, await program.memory.virtual.translate(p.va))) edits.push({ off, bytes: p.bytes });
    }
    await file.close();
    const p = await openFixtureProgram(f!, 'dump', (src) => {
      const o = new OverlaySource(src);
      for (const e of edits) o.patch(e.off, e.bytes);
      return o;
    });
    try {
      return await getBacktraces(p.program, await getTaskTable(p.program));
    } finally {
      await p.close();
    }
  }
  const u64 = (v: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    return b;
  };

  it('stops at a return address that is not kernel text', async () => {
    const init = clean.backtraces.find((b) => b.pid === 1)!;
    const victim = init.frames[3]!; // kernel_wait4: its return address sits at sp - 8
    const r = await backtracesWith([{ va: victim.sp - 8n, bytes: u64(0x4141414141414141n) }]);
    expect(names(r, 1)).toEqual(init.frames.slice(0, 3).map((x) => x.symbol));
    expect(r.backtraces.find((b) => b.pid === 1)!.end).toBe('error');
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^pid 1 \(init\): pc 0x4141414141414141 found by do_wait\+0x[0-9a-f]+ is not kernel text/)]);
    for (const b of r.backtraces.filter((x) => x.pid !== 1)) expect(names(r, b.pid)).toEqual(names(clean, b.pid));
  });

  it('stops soon after a forged return address, never hangs', async () => {
    const init = clean.backtraces.find((b) => b.pid === 1)!;
    // do_wait's return address replaced by schedule's.
    const r = await backtracesWith([{ va: init.frames[2]!.sp - 8n, bytes: u64(init.frames[1]!.pc) }]);
    const bt = r.backtraces.find((b) => b.pid === 1)!;
    // The forged slot reads as a second return into schedule; from there ORC leads to user
    // memory, which stops the unwind rather than invent more.
    expect(bt.frames.map((x) => x.symbol)).toEqual(['__schedule', 'schedule', 'schedule']);
    expect(bt.end).toBe('error');
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^pid 1 \(init\): pc 0x7[0-9a-f]+ found by schedule\+0x5a is not kernel text/)]);
  });

  it('leaves a task whose thread.sp points nowhere without frames, with a warning', async () => {
    const l = new StructLayouts(program.vmcoreinfo, program.types);
    const kthreadd = table.tasks.find((t) => t.pid === 2)!;
    const r = await backtracesWith([{ va: kthreadd.address + BigInt(l.offset('task_struct', 'thread.sp')), bytes: u64(0xdead000000000000n) }]);
    const bt = r.backtraces.find((b) => b.pid === 2)!;
    expect(bt.frames).toEqual([]);
    expect(bt.end).toBe('no-start');
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^pid 2 \(kthreadd\): inactive_task_frame unreadable/)]);
  });

  it('stops every trace through a corrupt in-memory ORC entry, and only there', async () => {
    const env = clean.env;
    const orc = env.orc!;
    const ret = clean.backtraces.find((b) => b.pid === 1)!.frames[1]!.pc; // return address into schedule
    const i = orc.indexOf(ret - 1n);
    const entries = program.symbolAddress('__start_orc_unwind');
    // Format 1: type 3 does not exist (bits 8-9), sp_reg SP.
    const r = await backtracesWith([{ va: entries + BigInt(i * 6 + 4), bytes: Uint8Array.of(0x05, 0x03) }]);

    let stopped = 0;
    for (const b of clean.backtraces) {
      const mine = names(r, b.pid);
      if (b.frames.some((x) => x.pc === ret)) {
        expect(mine).toEqual(['__schedule', 'schedule']);
        stopped++;
      } else expect(mine).toEqual(names(clean, b.pid));
    }
    expect(stopped).toBeGreaterThan(40);
    expect(r.warnings.every((w) => /corrupt ORC entry/.test(w.message))).toBe(true);
  });
});
