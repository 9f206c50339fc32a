// The console's commands on a synthetic report and physical memory, without a Program
// (the dump-only case): what works, and what says plainly that it cannot.
import { describe, expect, it } from 'vitest';
import { FaultError } from '../errors';
import type { Report } from '../report/report-types';
import { complete } from './complete';
import type { ConsoleContext } from './console-types';
import { runCommand } from './run-command';

const report: Report = {
  schemaVersion: 1,
  dump: { files: ['vmcore'], format: 'kdump', compression: 'zlib', producer: 'kernel', dumpLevel: 31, pageSize: 4096, excludedPages: 3 },
  system: { release: '6.1.0-test', version: '#1', machine: 'x86_64', nodename: 'box', cpus: 1, memoryBytes: 1 << 30, kaslrOffset: null, physBase: null, buildId: null, crashTime: null, uptimeSeconds: null },
  panic: { message: 'sysrq triggered crash', cpu: 0, pid: 7, comm: 'crashme' },
  cpus: [{ cpu: 0, pid: 7, registers: { rip: '0xffffffff81000000' } }],
  tasks: [
    { pid: 1, tgid: 1, ppid: 0, comm: 'init', state: 'S', cpu: 0, task: '0xffff888000010000', onCpu: false },
    { pid: 7, tgid: 7, ppid: 1, comm: 'crashme', state: 'R', cpu: 0, task: '0xffff888000020000', onCpu: true },
  ],
  log: [{ seq: 0, timestampNs: '1234567000', level: 0, facility: 0, caller: 'T7', text: 'Kernel panic - not syncing\nnext' }],
  warnings: [],
};

const physical = {
  kind: 'physical' as const,
  read(address: bigint, length: number): Promise<Uint8Array> {
    if (address >= 0x10000n) return Promise.reject(new FaultError(address, 'excluded', 'physical'));
    return Promise.resolve(Uint8Array.from({ length }, (_, i) => (Number(address) + i) & 0xff));
  },
};

const ctx: ConsoleContext = { report, physical, program: null };

describe('console commands without a Program', () => {
  it('sys, ps, log come from the report', async () => {
    expect((await runCommand('sys', ctx)).text).toContain('RELEASE: 6.1.0-test');
    const ps = await runCommand('ps', ctx);
    expect(ps.text.split('\n')[2]).toMatch(/^>\s+7\s+1\s+0\s+ffff888000020000\s+R\s+crashme$/);
    expect((await runCommand('ps init', ctx)).text.split('\n')).toHaveLength(2);
    expect((await runCommand('log', ctx)).text).toBe('[    1.234567] Kernel panic - not syncing\n               next');
  });

  it('rd -p reads physical memory; a fault is a one-line error', async () => {
    expect((await runCommand('rd -p 0x1000 2', ctx)).text).toBe(
      '            1000:  0706050403020100 0f0e0d0c0b0a0908   ................',
    );
    const bad = await runCommand('rd -p 10000', ctx);
    expect(bad).toEqual({ ok: false, text: expect.stringMatching(/^rd: cannot read physical address 0x10000: excluded/) });
  });

  it('says what is missing instead of failing', async () => {
    expect(await runCommand('bt', ctx)).toEqual({ ok: false, text: 'bt: backtraces are not available for this dump yet' });
    expect((await runCommand('sym panic', ctx)).text).toMatch(/^sym: .*not available/);
    expect((await runCommand('frobnicate', ctx)).text).toBe('frobnicate: command not found (try help)');
    expect((await runCommand('help', ctx)).text).toContain('vtop <address>');
  });

  it('completes commands, options and pids', () => {
    expect(complete('s', 1, ctx).items.map((i) => i.label)).toEqual(['sys', 'struct', 'sym']);
    expect(complete('bt -', 4, ctx)).toEqual({ from: 3, items: [{ label: '-a', kind: 'option' }, { label: '-l', kind: 'option' }] });
    expect(complete('bt 7', 4, ctx).items[0]).toMatchObject({ label: '7', detail: 'crashme' });
    expect(complete('struct task_', 12, ctx).items).toEqual([]);
  });
});
