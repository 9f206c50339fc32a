// Shared reports of the real dumps: every report validates against the schema, redacted
// or not; a redacted one holds neither the host name, nor the KASLR offset, nor a kernel
// address, nor the process name the user chose to hide; the CLI's --redact does the
// same; and every dump of one crash gets the same crash signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { symbolMapOf } from '../../src/analysis/report/address-symbols';
import { readReport } from '../../src/analysis/report/read-report';
import type { Report } from '../../src/analysis/report/report-types';
import { sanitize } from '../../src/analysis/report/sanitize';
import { reportSignature } from '../../src/analysis/report/signature';
import type { AnalysisSession } from '../../src/analysis/session/analysis-session';
import { main } from '../../src/cli/main';
import { allFixtures, sampleFixture, type Fixture } from '../support/fixtures';
import { schemaErrors } from '../support/report-schema';
import { openFixtureSession } from '../support/session';

const KERNEL_HEX = /(?<![0-9a-z])(0x)?ffff[89a-f][0-9a-f]{11}(?![0-9a-z])/i;
const HIDDEN_COMM = 'crashme';

interface Opened {
  f: Fixture;
  session: AnalysisSession;
  report: Report;
}

const opened: Opened[] = [];

beforeAll(async () => {
  for (const f of allFixtures()) {
    const session = await openFixtureSession([f.path]);
    opened.push({ f, session, report: await session.report() });
  }
});

afterAll(async () => {
  for (const o of opened) await o.session.close();
});

/** Everything a redacted report must not hold of this dump. */
function secretsOf(o: Opened): string[] {
  const offset = o.report.system.kaslrOffset ?? o.f.manifest.kaslr_offset;
  return [
    o.f.manifest.kaslr_offset,
    offset,
    `KERNELOFFSET=${offset.slice(2)}`,
    o.report.system.nodename ?? '(none)',
    HIDDEN_COMM,
  ];
}

describe.each(allFixtures().map((f) => [f.id, f] as const))('%s', (id) => {
  const get = () => opened.find((o) => o.f.id === id)!;

  it('its report validates against the schema', () => {
    expect(schemaErrors(get().report)).toEqual([]);
  });

  it('redacted (hostname, kaslr, comm=crashme): no secret left, still valid, same signature', () => {
    const { report, session } = get();
    const program = session.program!;
    expect(report.tasks?.some((t) => t.comm === HIDDEN_COMM) ?? true).toBe(true);
    const symbols = symbolMapOf(report, (a) => program.symbolize(a));
    const out = sanitize(report, { hostname: true, kaslr: true, comms: [HIDDEN_COMM], symbols });
    const json = JSON.stringify(out, null, 2);
    for (const secret of secretsOf(get())) expect(json).not.toContain(secret);
    expect(json).not.toMatch(KERNEL_HEX);
    expect(schemaErrors(out)).toEqual([]);
    expect(out.panic?.signature?.id).toBe(reportSignature(report)?.id);
    // What stays: the facts, the log (less nothing), physical addresses, named kernel code.
    expect(out.system?.release).toBe(report.system.release);
    expect(out.log?.length).toBe(report.log?.length);
    expect(out.iomem).toEqual(report.iomem);
    expect(out.tasks?.find((t) => t.pid === report.panic?.pid)?.comm).toBe('[comm-1]');
    // It reads back as it was written.
    expect(readReport(json, 'shared.json')).toEqual(out);
  });

  it('every user task hidden: only kernel threads keep their names', () => {
    const { report } = get();
    const out = sanitize(report, { userComms: true });
    const json = JSON.stringify(out);
    for (const t of report.tasks ?? []) {
      if (t.kthread === false)
        expect(json).not.toMatch(new RegExp(`(?<![A-Za-z0-9_])${t.comm}(?![A-Za-z0-9_])`));
    }
    expect(out.tasks?.filter((t) => t.kthread).map((t) => t.comm)).toEqual(
      report.tasks?.filter((t) => t.kthread).map((t) => t.comm),
    );
  });
});

describe('crash signature across formats', () => {
  const byRun = () => {
    const runs = new Map<string, Set<string>>();
    for (const o of opened) {
      const s = reportSignature(o.report);
      expect(s, o.f.id).not.toBeNull();
      const set = runs.get(o.f.manifest.run) ?? new Set();
      set.add(`${s!.id} ${s!.kind} [${s!.frames.join(' < ')}]`);
      runs.set(o.f.manifest.run, set);
    }
    return runs;
  };

  it('every dump of one boot has one signature', () => {
    for (const [run, sigs] of byRun()) expect([...sigs], run).toHaveLength(1);
  });

  // Both boots crashed the same way (sysrq-trigger c from crashme): a kdump capture and a
  // QEMU dump-guest-memory differ only above panic() (__crash_kexec vs pvpanic), which the
  // signature skips, so the two boots share one signature too.
  it('the kdump and the QEMU boot of the same crash share it', () => {
    const all = new Set([...byRun().values()].flatMap((s) => [...s]));
    expect([...all]).toHaveLength(1);
    const s = reportSignature(opened[0]!.report)!;
    expect(s.kind).toBe('sysrq triggered crash');
    if (opened[0]!.report.backtraces) {
      expect(s.frames).toEqual(['sysrq_handle_crash', '__handle_sysrq', 'write_sysrq_trigger']);
    }
  });
});

describe('crashlens report --redact', () => {
  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
    return { code, out, err };
  };

  it('prints the same redacted report, valid and without the secrets', async () => {
    const f = sampleFixture();
    const r = await run([
      'report',
      f.path,
      '--json',
      '--redact',
      `hostname,kaslr,comm=${HIDDEN_COMM},log=^Linux version`,
    ]);
    expect(r.err).toBe('');
    expect(r.code, r.err).toBe(0);
    const shared = JSON.parse(r.out) as Report;
    expect(schemaErrors(shared)).toEqual([]);
    for (const secret of secretsOf(opened[0]!)) expect(r.out).not.toContain(secret);
    expect(r.out).not.toMatch(KERNEL_HEX);
    expect(shared.redactions).toEqual(['comm', 'hostname', 'kaslr', 'log']);
    expect(shared.log?.some((l) => l.text.startsWith('Linux version'))).toBe(false);
    const text = await run([
      'report',
      f.path,
      '--redact',
      'kaslr,hostname',
      '--sections',
      'dump,system,cpus',
    ]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).not.toMatch(KERNEL_HEX);
  });

  it('refuses an unknown item as a usage error', async () => {
    const r = await run(['report', sampleFixture().path, '--redact', 'hostname,everything']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown item "everything"');
  });
});
