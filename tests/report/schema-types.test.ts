// schema/report.schema.json and the TypeScript report types describe the same JSON: every
// property of one is in the other, with the same type and the same optionality.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaShape, shapeDifferences, typeShape, type Shape } from '../support/type-shape';

const repo = resolve(import.meta.dirname, '..', '..');
const schema = JSON.parse(
  readFileSync(resolve(repo, 'schema/report.schema.json'), 'utf8'),
) as Record<string, unknown>;

describe('report schema and types', () => {
  let types: Shape;
  beforeAll(() => {
    types = typeShape(resolve(repo, 'src/analysis/report/report-types.ts'), 'SharedReport');
  });

  it('agree on every property, type and optionality (SharedReport)', () => {
    expect(shapeDifferences(types, schemaShape(schema))).toEqual([]);
  });

  it('the comparison sees a difference', () => {
    const changed = structuredClone(schema) as {
      $defs: Record<string, { properties: Record<string, unknown>; required: string[] }>;
    };
    delete changed.$defs.task!.properties.comm;
    changed.$defs.frame!.required = changed.$defs.frame!.required.filter((k) => k !== 'pc');
    changed.$defs.logRecord!.properties.level = { type: 'string' };
    expect(shapeDifferences(types, schemaShape(changed)).sort()).toEqual([
      '$.backtraces[].frames[].pc: required in the types, optional in the schema',
      '$.log[].level: number in the types, string in the schema',
      '$.tasks[].comm: only in the types',
    ]);
  });
});
