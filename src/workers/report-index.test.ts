// The worker-side report index: task and log queries a window at a time, on a report
// with 20 000 tasks (the UI's task table must stay smooth at that size).
import { describe, expect, it } from 'vitest';
import type { Report, ReportTask } from '../analysis/report/report-types';
import { ReportIndex } from './report-index';

const STATES = ['R', 'S', 'D', 'I', 'Z'];

function report(nTasks: number): Report {
  const tasks: ReportTask[] = Array.from({ length: nTasks }, (_, i) => ({
    pid: i < 2 ? 0 : i,
    tgid: i,
    ppid: i > 2 ? 2 : 0,
    comm: i < 2 ? `swapper/${i}` : `worker-${i % 97}`,
    state: STATES[i % STATES.length]!,
    cpu: i % 2,
    task: `0xffff8880${i.toString(16).padStart(8, '0')}`,
    onCpu: i < 2,
  }));
  return {
    schemaVersion: 1,
    dump: { files: ['vmcore'], format: 'kdump', compression: 'zstd', producer: 'kernel', dumpLevel: 31, pageSize: 4096, excludedPages: 0 },
    system: { release: 'r', version: null, machine: 'x86_64', nodename: null, cpus: 2, memoryBytes: 1, kaslrOffset: null, physBase: null, buildId: null, crashTime: null, uptimeSeconds: null },
    panic: { message: 'boom', cpu: 1, pid: 0, comm: 'swapper/1' },
    cpus: [],
    tasks,
    backtraces: [
      { pid: 0, cpu: 0, frames: [] },
      { pid: 0, cpu: 1, frames: [{ pc: '0x1', sp: '0x2', symbol: 'panic', offset: 0, module: null, file: null, line: null, inline: false, kind: 'normal' }] },
    ],
    log: [
      { seq: 0, timestampNs: '1500000', level: 6, facility: 0, caller: 'T0', text: 'Linux version 6.1' },
      { seq: 1, timestampNs: '2000000000', level: 0, facility: 0, caller: 'C1', text: 'Kernel panic\nsecond line' },
    ],
    warnings: [],
  };
}

describe('ReportIndex', () => {
  it('sends the head and digests, not the large sections', () => {
    const o = new ReportIndex(report(100)).opened({ virtualMemory: false, symbols: false, types: false });
    expect(o.report).not.toHaveProperty('tasks');
    expect(o.report).not.toHaveProperty('log');
    expect(o.counts).toEqual({ tasks: 100, backtraces: 2, logLines: 3 });
    expect(o.taskStates!.reduce((n, s) => n + s.count, 0)).toBe(100);
    expect(o.panicBacktrace?.frames[0]?.symbol).toBe('panic');
    expect(o.logTail.map((l) => l.prefix + l.text)).toEqual([
      '[    0.001500] Linux version 6.1',
      '[    2.000000] Kernel panic',
      '               second line',
    ]);
  });

  it('filters, sorts and pages 20 000 tasks quickly', () => {
    const idx = new ReportIndex(report(20_000));
    const t0 = performance.now();
    const page = idx.queryTasks({ text: 'worker-5', states: ['S', 'D'], sort: 'comm', descending: true }, { offset: 0, limit: 50 });
    const again = idx.queryTasks({ text: 'worker-5', states: ['D', 'S'], sort: 'comm', descending: true }, { offset: 50, limit: 50 });
    const ms = performance.now() - t0;
    expect(page.rows.every((t) => t.comm.includes('worker-5') && ['S', 'D'].includes(t.state))).toBe(true);
    expect(page.rows[0]!.comm >= page.rows[49]!.comm).toBe(true);
    expect(again.offset).toBe(50);
    expect(again.total).toBe(page.total);
    expect(ms).toBeLessThan(500);
  });

  it('matches a pid by prefix, finds a task position, and tells the idle tasks apart by CPU', () => {
    const idx = new ReportIndex(report(500));
    const q = { text: '12', states: [], sort: 'pid' as const, descending: false };
    const rows = idx.queryTasks(q, { offset: 0, limit: 100 }).rows;
    expect(rows.some((t) => t.pid === 12) && rows.some((t) => t.pid === 123)).toBe(true);
    expect(idx.taskPosition(q, 123)).toBe(rows.findIndex((t) => t.key === 123));
    expect(idx.taskDetail(0, 1)?.task.comm).toBe('swapper/1');
    expect(idx.taskDetail(0, 1)?.backtrace?.cpu).toBe(1);
    expect(idx.taskDetail(99999, null)).toBeNull();
  });

  it('searches the log by text and level, line by line', () => {
    const idx = new ReportIndex(report(1));
    expect(idx.queryLog({ text: 'PANIC', levels: [] }, { offset: 0, limit: 10 }).rows.map((l) => l.text)).toEqual(['Kernel panic']);
    expect(idx.queryLog({ text: '', levels: [0] }, { offset: 0, limit: 10 }).total).toBe(2);
    expect(idx.queryLog({ text: '', levels: [] }, { offset: 2, limit: 10 }).rows[0]!.part).toBe(1);
  });
});
