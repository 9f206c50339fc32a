// `crashlens bt` and the report's backtraces, in-process through main(), on a kdump and a
// QEMU dump: crash 8.0.6's `bt -a` and `foreach bt` text (the differences the table in
// backtraces.test.ts explains aside), and every report with backtraces valid against the
// JSON Schema.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/report/report-types';
import { main } from '../../src/cli/main';
import { allFixtures, type Fixture } from '../support/fixtures';
import { schemaErrors } from '../support/report-schema';
import { crashForeachBt } from './backtrace-support';
import { crashBlock } from './kernel-state-support';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

const lines = (s: string) => s.replace(/\n$/, '').split('\n');
/** Blocks of a multi-task text, split at the PID: headers. */
const blocks = (l: string[]) =>
  l.reduce<string[][]>((acc, x) => {
    if (x.startsWith('PID: ')) acc.push([x]);
    else if (x !== '') acc[acc.length - 1]?.push(x);
    return acc;
  }, []);

const FIXTURES = allFixtures().filter((f) => ['sample-kdump-zstd', 'qemu-elf'].includes(f.id));

describe.each(FIXTURES.map((f) => [f.id, f] as const))('crashlens bt on %s', (_id, f: Fixture) => {
  const qemu = f.manifest.run === 'run-qemudump';

  it("bt prints the panic task, as crash does from the panic frame on", async () => {
    const r = await run(['bt', f.path]);
    expect(r.err).toBe('');
    const mine = lines(r.out);
    const theirs = crashBlock(f, 'bt')!;
    expect(mine[0]).toBe(theirs[0]);
    const strip = (l: string[]) => l.slice(l.findIndex((x) => / panic at /.test(x))).map((x) => x.replace(/^ ?#\d+ /, ''));
    expect(strip(mine)).toEqual(strip(theirs));
  });

  it('bt -a prints the task on each CPU; the other CPU as crash prints it (kdump)', async () => {
    const r = await run(['bt', '-a', f.path]);
    const mine = blocks(lines(r.out));
    expect(mine.map((b) => b[0]!.replace(/\s+TASK.*/, ''))).toEqual(qemu ? ['PID: 99', 'PID: 300'] : ['PID: 100', 'PID: 305']);
    if (!qemu) expect(mine[0]).toEqual(blocks(crashBlock(f, 'bt -a')!)[0]);
    else expect(mine[0]!.slice(1, 5).map((x) => x.split(' ')[3])).toEqual(['stop_this_cpu', '__sysvec_reboot', 'sysvec_reboot', 'asm_sysvec_reboot']);
  });

  it("bt --all prints crash's foreach bt for every task crash unwinds alike", async () => {
    const r = await run(['bt', '--all', f.path]);
    const mine = new Map(blocks(lines(r.out)).map((b) => [b[0]!, b]));
    let same = 0;
    for (const c of crashForeachBt(f)) {
      if (c.errors.length || c.frames[0]?.name === 'machine_kexec' || c.comm === f.manifest.panic_task_comm) continue;
      expect(mine.get(c.lines[0]!), c.lines[0]).toEqual(c.lines);
      same++;
    }
    expect(same).toBeGreaterThan(55);
  });

  it('bt <pid> and --json give that task; an unknown pid is an error', async () => {
    const j = await run(['bt', '1', f.path, '--json']);
    const bts = JSON.parse(j.out) as Report['backtraces'];
    expect(bts!.map((b) => b.pid)).toEqual([1]);
    expect(bts![0]!.frames.at(-1)).toMatchObject({ symbol: 'entry_SYSCALL_64_after_hwframe', kind: 'exception' });
    const bad = await run(['bt', '99999', f.path]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/no task with pid 99999/);
  });

  it("report's text shows the crashing task's bt after the system facts", async () => {
    const r = await run(['report', f.path]);
    const out = lines(r.out);
    const head = crashBlock(f, 'bt')![0]!;
    const at = out.indexOf(head);
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at).some((x) => / sysrq_handle_crash at /.test(x))).toBe(true);
  });

  it('report --json has a backtrace for every task and validates against the schema', async () => {
    const r = await run(['report', '--json', f.path]);
    const report = JSON.parse(r.out) as Report;
    expect(schemaErrors(report)).toEqual([]);
    expect(report.backtraces!.length).toBe(report.tasks!.length);
    expect(report.warnings.filter((w) => /UNWIND|BACKTRACE/.test(w.code))).toEqual([]);
    const panic = report.backtraces!.find((b) => b.pid === report.panic!.pid)!;
    expect(panic.frames.map((x) => x.symbol)).toContain('sysrq_handle_crash');
  });
});
