// Brings a report of any known schemaVersion up to the current one, one upgrader at a
// time (the URL-state upgraders of firefox-devtools/profiler work the same way).
import { CrashlensError } from '../../errors';
import { SCHEMA_VERSION } from '../report-types';
import { UPGRADERS, type Upgrader } from './upgraders';

/** A report this version of crashlens cannot read: a future version, or no version at all. */
export class ReportVersionError extends CrashlensError {
  constructor(
    readonly found: unknown,
    readonly supported: number,
  ) {
    super('REPORT', versionMessage(found, supported));
  }
}

function versionMessage(found: unknown, supported: number): string {
  if (typeof found === 'number' && Number.isInteger(found) && found > supported) {
    return `this report has schemaVersion ${found}, made by a newer crashlens; this one reads versions 1 to ${supported}: update crashlens to open it`;
  }
  return `this report's schemaVersion is ${JSON.stringify(found) ?? 'missing'}: crashlens reads versions 1 to ${supported}`;
}

/** Upgrades `json` in place of a copy; throws ReportVersionError for an unknown version. */
export function upgradeReport(
  json: Record<string, unknown>,
  upgraders: Readonly<Record<number, Upgrader>> = UPGRADERS,
  current: number = SCHEMA_VERSION,
): Record<string, unknown> {
  const found = json.schemaVersion;
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 1 || found > current) {
    throw new ReportVersionError(found, current);
  }
  let report = json;
  for (let v = found; v < current; v++) {
    const up = upgraders[v];
    if (!up)
      throw new CrashlensError('REPORT', `no upgrader from report schemaVersion ${v} to ${v + 1}`);
    report = { ...up(report), schemaVersion: v + 1 };
  }
  return report;
}

/** Versions from 1 to `current` whose upgrader to the next is missing (none, when the chain is complete). */
export function missingUpgraders(
  upgraders: Readonly<Record<number, Upgrader>> = UPGRADERS,
  current: number = SCHEMA_VERSION,
): number[] {
  const missing: number[] = [];
  for (let v = 1; v < current; v++) if (typeof upgraders[v] !== 'function') missing.push(v);
  return missing;
}
