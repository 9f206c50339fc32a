// The report's JSON Schema, compiled once with Ajv (draft 2020-12), for the tests.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';

export const reportSchema = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '..', '..', 'schema', 'report.schema.json'), 'utf8'),
) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(reportSchema);

/** The schema's complaints about `report`, one line each (none when it validates). */
export function schemaErrors(report: unknown): string[] {
  return validate(report)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
