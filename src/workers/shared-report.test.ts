// A shared report opened in the worker: recognized by its bytes, shown through the same
// rows as a dump, memory refused, and shared again through the same dialog service.
import { describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../analysis/report/report-types';
import { sanitize } from '../analysis/report/sanitize';
import { sampleReport, SECRETS } from '../analysis/report/test-support/sample-report';
import type { AnalysisWorkerApi, OpenedDump, WorkerResult } from './analysis-api';
import { NO_MEMORY } from './report-endpoint';
import { withSharedReports } from './shared-report-router';
import type { ShareRequest } from './share-types';

const NONE: ShareRequest = {
  hostname: false,
  kaslr: false,
  userComms: false,
  comms: [],
  logPatterns: [],
  sections: [...REPORT_SECTIONS],
};

/** A live endpoint that only records what reaches it. */
function fakeLive(calls: string[]): AnalysisWorkerApi {
  const answer = (name: string) => () => {
    calls.push(name);
    return Promise.resolve({ ok: false, error: { code: 'LIVE', message: name } });
  };
  return new Proxy({} as AnalysisWorkerApi, {
    get: (_t, name) => (name === 'close' ? () => Promise.resolve() : answer(String(name))),
  });
}

const value = <T>(r: WorkerResult<T>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('a shared report in the worker', () => {
  it('opens by its bytes, whatever its name, with the same rows and no memory', async () => {
    const calls: string[] = [];
    const api = withSharedReports(fakeLive(calls));
    const shared = sanitize(sampleReport(), { hostname: true });
    const opened: OpenedDump = value(
      await api.open([new File([JSON.stringify(shared)], 'vmcore')], () => {}),
    );
    expect(calls).toEqual([]);
    expect(opened.sharedReport).toEqual({ name: 'vmcore', redactions: ['hostname'] });
    expect(opened.capabilities).toEqual({ virtualMemory: false, symbols: false, types: false });
    expect(opened.report.system.nodename).toBeNull();
    expect(opened.panicBacktrace?.frames[2]?.symbol).toBe('sysrq_handle_crash');
    const tasks = value(
      await api.queryTasks(
        { text: 'crash', states: [], sort: 'pid', descending: false },
        { offset: 0, limit: 10 },
      ),
    );
    expect(tasks.rows.map((t) => t.pid)).toEqual([305]);
    expect(
      value(await api.queryLog({ text: 'Comm:', levels: [] }, { offset: 0, limit: 10 })).total,
    ).toBe(1);
    const mem = await api.readMemory('physical', '0x1000', 16);
    expect(mem.ok ? null : mem.error.message).toBe(NO_MEMORY);
    expect((await api.runCommand('ps crashme')).text).toContain('crashme');
    expect((await api.runCommand('rd -p 0x1000')).ok).toBe(false);
    // A dump opened next goes to the live endpoint again.
    await api.open(
      [new File([Uint8Array.of(0x7f, 0x45, 0x4c, 0x46)], 'report.crashlens.json')],
      () => {},
    );
    expect(calls).toEqual(['open']);
  });

  it('says what is wrong with a report it cannot read', async () => {
    const api = withSharedReports(fakeLive([]));
    const r = await api.open([new File(['{"schemaVersion": 7}'], 'x.json')], () => {});
    expect(r.ok ? null : r.error.message).toContain('made by a newer crashlens');
  });

  it('shares it again: facts, preview, permalink', async () => {
    const api = withSharedReports(fakeLive([]));
    value(await api.open([new File([JSON.stringify(sampleReport())], 'r.json')], () => {}));
    const facts = value(await api.shareFacts());
    expect(facts).toMatchObject({
      hostname: SECRETS.hostname,
      kaslrOffset: SECRETS.kaslrOffset,
      userComms: ['init', 'sleep', 'crashme'],
      symbolSource: 'report',
    });
    const preview = value(
      await api.sharePreview({
        ...NONE,
        hostname: true,
        kaslr: true,
        comms: ['crashme'],
        logPatterns: ['/SECRET-token/i'],
      }),
    );
    for (const s of [SECRETS.hostname, SECRETS.kaslrOffset, SECRETS.userComm, 'hunter2'])
      expect(preview.json).not.toContain(s);
    expect(preview.droppedLogRecords).toBe(1);
    expect(preview.redactions).toEqual(['comm', 'hostname', 'kaslr', 'log']);
    expect(preview.permalink?.startsWith('#report=')).toBe(true);
    expect(preview.permalinkChars).toBeLessThan(preview.permalinkLimit);
    expect(preview.signature?.frames[0]).toBe('sysrq_handle_crash');
    const bad = await api.sharePreview({ ...NONE, logPatterns: ['('] });
    expect(bad.ok ? null : bad.error.message).toContain('not a regular expression');
  });
});
