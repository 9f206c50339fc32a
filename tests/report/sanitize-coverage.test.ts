// Every free-text field the schema allows is covered by sanitize: a report made from the
// schema itself, with a secret in every string, comes out with none of them — so a text
// field added to the report later cannot leak a host name, a process name or an address
// unnoticed. The result still validates.
import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/analysis/report/sanitize';
import type { Report } from '../../src/analysis/report/report-types';
import { reportSchema, schemaErrors } from '../support/report-schema';

type Schema = Record<string, unknown>;

const HOST = 'webhost-7';
const COMM = 'crashme';
const KADDR = '0xffff8c3842360000';
const OFFSET = '0x2b000000';
const TEXT = `host ${HOST} ran ${COMM}[305] at ffff8c3842360000 with Kernel Offset: ${OFFSET}`;

/** Values of constrained strings (pattern, by property name). */
const PATTERNED: Record<string, string> = {
  timestampNs: '1000',
  caller: 'T305',
  buildId: '3b43fad5',
  crashTime: '2026-11-22T04:31:00Z',
  code: 'SOME_WARNING',
  id: '0123456789ab',
};

function resolveRef(s: Schema): Schema {
  if (typeof s.$ref !== 'string') return s;
  const path = s.$ref.replace(/^#\//, '').split('/');
  return resolveRef(path.reduce<Schema>((x, k) => x[k] as Schema, reportSchema));
}

/** An instance of `schema` with every property present; `key` is the property it fills. */
function instance(schema: Schema, key: string): unknown {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : null;
  const s = resolveRef(schema);
  if (ref === '#/$defs/address') return KADDR;
  if (ref === '#/$defs/hex') return key === 'kaslrOffset' ? OFFSET : '0x1000';
  if (Array.isArray(s.anyOf)) return instance(s.anyOf[0] as Schema, key);
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('const' in s) return s.const;
  const type = Array.isArray(s.type) ? (s.type as string[])[0] : (s.type as string);
  switch (type) {
    case 'string':
      if (s.pattern)
        return (
          PATTERNED[key] ??
          (() => {
            throw new Error(`no value for patterned ${key}`);
          })()
        );
      return key === 'nodename' ? HOST : key === 'comm' || key === 'currentComm' ? COMM : TEXT;
    case 'integer':
    case 'number':
      return key === 'level' ? 4 : 1;
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: (s.minItems as number | undefined) ?? 1 }, () =>
        instance(s.items as Schema, key),
      );
    case 'object': {
      if (!s.properties) return { rip: instance(s.additionalProperties as Schema, 'rip') };
      return Object.fromEntries(
        Object.entries(s.properties as Record<string, Schema>).map(([k, v]) => [k, instance(v, k)]),
      );
    }
    default:
      throw new Error(`unsupported type ${String(type)} at ${key}`);
  }
}

describe('sanitize covers every field of the schema', () => {
  const full = instance(reportSchema, '') as Report;

  it('the report made from the schema validates, with a secret in every text', () => {
    expect(schemaErrors(full)).toEqual([]);
    expect(JSON.stringify(full)).toContain(HOST);
  });

  it('loses every secret under all redactions, and still validates', () => {
    const out = sanitize(full, { hostname: true, kaslr: true, comms: [COMM] });
    const json = JSON.stringify(out);
    for (const secret of [HOST, COMM, OFFSET, KADDR, KADDR.slice(2)])
      expect(json).not.toContain(secret);
    expect(schemaErrors(out)).toEqual([]);
  });

  it('leaves closed vocabularies alone: hiding a name that is also an enum value keeps the report valid', () => {
    const values = new Set<string>();
    JSON.stringify(reportSchema, (k, v: unknown) => {
      if (k === 'enum') for (const e of v as unknown[]) if (typeof e === 'string') values.add(e);
      return v;
    });
    const out = sanitize(full, { comms: [...values] });
    expect(schemaErrors(out)).toEqual([]);
  });

  it('each option alone removes its secret', () => {
    expect(JSON.stringify(sanitize(full, { hostname: true }))).not.toContain(HOST);
    expect(JSON.stringify(sanitize(full, { comms: [COMM] }))).not.toContain(COMM);
    expect(JSON.stringify(sanitize(full, { userComms: true }))).not.toContain(COMM);
    const kaslr = JSON.stringify(sanitize(full, { kaslr: true }));
    for (const secret of [OFFSET, KADDR.slice(2)]) expect(kaslr).not.toContain(secret);
  });
});
