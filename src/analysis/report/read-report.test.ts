import { describe, expect, it } from 'vitest';
import { readReport, sniffReport, viewableReport } from './read-report';
import { sanitize } from './sanitize';
import { sampleReport } from './test-support/sample-report';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('reading a shared report', () => {
  it('is recognized by its bytes: a JSON object, not a dump', () => {
    expect(sniffReport(bytes('{"schemaVersion":1}'))).toBe(true);
    expect(sniffReport(bytes('\uFEFF \n {'))).toBe(true);
    expect(sniffReport(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46))).toBe(false);
    expect(sniffReport(bytes('KDUMP   '))).toBe(false);
    expect(sniffReport(bytes('[1]'))).toBe(false);
  });

  it('reads back what was shared', () => {
    const shared = sanitize(sampleReport(), { hostname: true, kaslr: true });
    const text = JSON.stringify(shared, null, 2);
    expect(readReport(text, 'r.json')).toEqual(shared);
    expect(readReport(`\uFEFF${text}`, 'r.json')).toEqual(shared);
  });

  it('names the problem of a file that is not a report', () => {
    expect(() => readReport('{"a":', 'x.json')).toThrow(
      'x.json: not a crashlens report: not valid JSON',
    );
    expect(() => readReport('[]', 'x.json')).toThrow('the JSON is an array');
    expect(() => readReport('{"name":"package"}', 'x.json')).toThrow(
      'not a crashlens report (it has no schemaVersion)',
    );
    expect(() => readReport('{"schemaVersion":99}', 'x.json')).toThrow('made by a newer crashlens');
    const bad = sampleReport() as unknown as { log: Array<{ text: unknown }> };
    bad.log[3]!.text = 42;
    expect(() => readReport(JSON.stringify(bad), 'x.json')).toThrow(
      'log[3].text: expected a string',
    );
    const frames = sampleReport() as unknown as {
      backtraces: Array<{ frames: Array<{ inline: unknown }> }>;
    };
    frames.backtraces[0]!.frames[1]!.inline = 'no';
    expect(() => readReport(JSON.stringify(frames), 'x.json')).toThrow(
      'backtraces[0].frames[1].inline: expected true or false',
    );
  });

  it('fills what a partial report leaves out, and needs its dump section', () => {
    const r = sampleReport();
    const partial = sanitize(r, { sections: ['dump', 'log'] });
    const v = viewableReport(partial, 'p.json');
    expect(v.cpus).toEqual([]);
    expect(v.warnings).toEqual([]);
    expect(v.system.release).toBeNull();
    expect(v.log).toEqual(r.log);
    expect(() => viewableReport(sanitize(r, { sections: ['log'] }), 'p.json')).toThrow(
      'has no dump section',
    );
  });
});
