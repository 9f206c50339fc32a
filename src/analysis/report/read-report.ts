// Reading a shared report back: recognize it by its bytes (a JSON object; dumps and
// vmlinux files start with binary magic), parse, upgrade to the current schemaVersion,
// check the shape the views rely on, and fill what a partial report (--sections) left
// out so that it can be shown like a live dump's.
import { CrashlensError } from '../errors';
import { checkReportShape } from './report-shape';
import type { Report, SharedReport } from './report-types';
import { upgradeReport } from './upgrade/upgrade-report';

/** A file is taken for a report when its first non-blank byte opens a JSON object. */
export function sniffReport(head: Uint8Array): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (
    i < head.length &&
    (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)
  )
    i++;
  return head[i] === 0x7b;
}

/** A report from its JSON text (`name` goes into error messages). */
export function readReport(text: string, name: string): SharedReport {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CrashlensError(
      'REPORT',
      `${name}: not a crashlens report: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new CrashlensError(
      'REPORT',
      `${name}: not a crashlens report: the JSON is ${Array.isArray(json) ? 'an array' : String(json)}, not an object`,
    );
  }
  if (!('schemaVersion' in json)) {
    throw new CrashlensError(
      'REPORT',
      `${name}: a JSON file, but not a crashlens report (it has no schemaVersion)`,
    );
  }
  const report = upgradeReport(json);
  const problem = checkReportShape(report);
  if (problem)
    throw new CrashlensError('REPORT', `${name}: not a valid crashlens report: ${problem}`);
  return report as unknown as SharedReport;
}

/**
 * The report with every section the views read: the dump section is required (it says
 * what the report is of); missing system facts are unknown, missing lists empty.
 */
export function viewableReport(shared: SharedReport, name: string): Report {
  if (!shared.dump) {
    throw new CrashlensError(
      'REPORT',
      `${name}: this report has no dump section (made with --sections?): include dump to open it in crashlens`,
    );
  }
  return {
    ...shared,
    dump: shared.dump,
    system: shared.system ?? UNKNOWN_SYSTEM,
    cpus: shared.cpus ?? [],
    warnings: shared.warnings ?? [],
  };
}

const UNKNOWN_SYSTEM: Report['system'] = {
  release: null,
  version: null,
  machine: null,
  nodename: null,
  cpus: null,
  memoryBytes: null,
  kaslrOffset: null,
  physBase: null,
  buildId: null,
  crashTime: null,
  uptimeSeconds: null,
};
