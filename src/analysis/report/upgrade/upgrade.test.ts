import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../report-types';
import { missingUpgraders, ReportVersionError, upgradeReport } from './upgrade-report';
import { UPGRADERS } from './upgraders';

describe('report upgraders', () => {
  it('the chain is complete: every version from 1 to the current one has an upgrader to the next', () => {
    expect(missingUpgraders()).toEqual([]);
    for (let v = 1; v < SCHEMA_VERSION; v++) expect(typeof UPGRADERS[v]).toBe('function');
    expect(
      Object.keys(UPGRADERS)
        .map(Number)
        .every((v) => v >= 1 && v < SCHEMA_VERSION),
    ).toBe(true);
  });

  it('a current report passes unchanged', () => {
    const r = { schemaVersion: SCHEMA_VERSION, dump: { files: ['x'] } };
    expect(upgradeReport(r)).toEqual(r);
  });

  it('runs each step in turn, and a gap is found', () => {
    const ups = {
      1: (r: Record<string, unknown>) => ({ ...r, renamed: r.old, old: undefined }),
      2: (r: Record<string, unknown>) => ({ ...r, added: true }),
    };
    expect(upgradeReport({ schemaVersion: 1, old: 5 }, ups, 3)).toEqual({
      schemaVersion: 3,
      renamed: 5,
      old: undefined,
      added: true,
    });
    expect(upgradeReport({ schemaVersion: 2 }, ups, 3)).toEqual({ schemaVersion: 3, added: true });
    expect(missingUpgraders(ups, 4)).toEqual([3]);
    expect(() => upgradeReport({ schemaVersion: 1 }, { 1: ups[1] }, 3)).toThrow(
      'no upgrader from report schemaVersion 2 to 3',
    );
  });

  it('refuses future, missing and odd versions with a clear message', () => {
    const future = () => upgradeReport({ schemaVersion: SCHEMA_VERSION + 1 });
    expect(future).toThrow(ReportVersionError);
    expect(future).toThrow(`schemaVersion ${SCHEMA_VERSION + 1}, made by a newer crashlens`);
    expect(() => upgradeReport({})).toThrow('schemaVersion is missing');
    expect(() => upgradeReport({ schemaVersion: '1' })).toThrow('schemaVersion is "1"');
    expect(() => upgradeReport({ schemaVersion: 0 })).toThrow(ReportVersionError);
    try {
      future();
    } catch (e) {
      expect((e as ReportVersionError).code).toBe('REPORT');
    }
  });
});
