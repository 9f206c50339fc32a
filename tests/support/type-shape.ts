// Shapes of a TypeScript type (through the compiler API) and of a JSON Schema, in one
// form, so that a test can say where the report's types and its schema disagree.
// Literal and template types count as their primitive (an enum of strings is a string),
// tuples as arrays, Record<string, T> as a record; optional properties are noted.
import ts from 'typescript';

export type Shape =
  | { kind: 'primitive'; name: 'string' | 'number' | 'boolean' | 'null' }
  | { kind: 'array'; items: Shape }
  | { kind: 'record'; values: Shape }
  | { kind: 'object'; props: Record<string, { shape: Shape; optional: boolean }> }
  | { kind: 'union'; members: Shape[] };

const prim = (name: 'string' | 'number' | 'boolean' | 'null'): Shape => ({
  kind: 'primitive',
  name,
});

function union(members: Shape[]): Shape {
  const flat = members.flatMap((m) => (m.kind === 'union' ? m.members : [m]));
  const seen = new Map<string, Shape>();
  for (const m of flat) seen.set(JSON.stringify(m), m);
  const out = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, m]) => m);
  return out.length === 1 ? out[0]! : { kind: 'union', members: out };
}

/** The shape of the type `typeName` exported by `file`. */
export function typeShape(file: string, typeName: string): Shape {
  const program = ts.createProgram([file], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const decl = source.statements.find(
    (s): s is ts.TypeAliasDeclaration | ts.InterfaceDeclaration =>
      (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name.text === typeName,
  );
  if (!decl) throw new Error(`${file} declares no type ${typeName}`);
  return shapeOf(checker, checker.getTypeAtLocation(decl.name), 0);
}

function shapeOf(checker: ts.TypeChecker, t: ts.Type, depth: number): Shape {
  if (depth > 20) throw new Error('type too deep');
  const f = t.flags;
  if (t.isUnion())
    return union(
      t.types
        .filter((m) => !(m.flags & ts.TypeFlags.Undefined))
        .map((m) => shapeOf(checker, m, depth + 1)),
    );
  if (f & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral | ts.TypeFlags.TemplateLiteral))
    return prim('string');
  if (f & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return prim('number');
  if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return prim('boolean');
  if (f & ts.TypeFlags.Null) return prim('null');
  if (checker.isArrayType(t))
    return {
      kind: 'array',
      items: shapeOf(checker, checker.getTypeArguments(t as ts.TypeReference)[0]!, depth + 1),
    };
  if (checker.isTupleType(t)) {
    return {
      kind: 'array',
      items: union(
        checker.getTypeArguments(t as ts.TypeReference).map((e) => shapeOf(checker, e, depth + 1)),
      ),
    };
  }
  const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
  if (index && checker.getPropertiesOfType(t).length === 0)
    return { kind: 'record', values: shapeOf(checker, index.type, depth + 1) };
  if (f & ts.TypeFlags.Object || t.isIntersection()) {
    const props: Record<string, { shape: Shape; optional: boolean }> = {};
    for (const p of checker.getPropertiesOfType(t)) {
      const pt = checker.getTypeOfSymbol(p);
      props[p.name] = {
        shape: shapeOf(checker, pt, depth + 1),
        optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
      };
    }
    return { kind: 'object', props };
  }
  throw new Error(`unsupported type ${checker.typeToString(t)}`);
}

type Schema = Record<string, unknown>;

/** The shape of a JSON Schema (the subset the report's schema uses), `$ref`s resolved against `root`. */
export function schemaShape(schema: Schema, root: Schema = schema): Shape {
  if (typeof schema.$ref === 'string') {
    const path = schema.$ref.replace(/^#\//, '').split('/');
    return schemaShape(
      path.reduce<Schema>((s, k) => s[k] as Schema, root),
      root,
    );
  }
  if (Array.isArray(schema.anyOf))
    return union((schema.anyOf as Schema[]).map((s) => schemaShape(s, root)));
  if (Array.isArray(schema.enum)) return union((schema.enum as unknown[]).map(valueShape));
  if ('const' in schema) return valueShape(schema.const);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  return union(
    types.map((type): Shape => {
      switch (type) {
        case 'string':
          return prim('string');
        case 'integer':
        case 'number':
          return prim('number');
        case 'boolean':
          return prim('boolean');
        case 'null':
          return prim('null');
        case 'array':
          return { kind: 'array', items: schemaShape(schema.items as Schema, root) };
        case 'object': {
          if (!schema.properties)
            return {
              kind: 'record',
              values: schemaShape(schema.additionalProperties as Schema, root),
            };
          const required = new Set((schema.required as string[] | undefined) ?? []);
          const props: Record<string, { shape: Shape; optional: boolean }> = {};
          for (const [k, v] of Object.entries(schema.properties as Record<string, Schema>)) {
            props[k] = { shape: schemaShape(v, root), optional: !required.has(k) };
          }
          return { kind: 'object', props };
        }
        default:
          throw new Error(`unsupported schema type ${String(type)}`);
      }
    }),
  );
}

function valueShape(v: unknown): Shape {
  if (v === null) return prim('null');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return prim(typeof v as 'string' | 'number' | 'boolean');
  throw new Error(`unsupported enum value ${JSON.stringify(v)}`);
}

/** Where two shapes differ, one line per difference, with its path. */
export function shapeDifferences(
  a: Shape,
  b: Shape,
  path = '$',
  labels: [string, string] = ['types', 'schema'],
): string[] {
  if (a.kind === 'object' && b.kind === 'object') {
    const out: string[] = [];
    for (const k of new Set([...Object.keys(a.props), ...Object.keys(b.props)])) {
      const pa = a.props[k];
      const pb = b.props[k];
      if (!pa || !pb) {
        out.push(`${path}.${k}: only in the ${pa ? labels[0] : labels[1]}`);
        continue;
      }
      if (pa.optional !== pb.optional)
        out.push(
          `${path}.${k}: ${pa.optional ? 'optional' : 'required'} in the ${labels[0]}, ${pb.optional ? 'optional' : 'required'} in the ${labels[1]}`,
        );
      out.push(...shapeDifferences(pa.shape, pb.shape, `${path}.${k}`, labels));
    }
    return out;
  }
  if (a.kind === 'array' && b.kind === 'array')
    return shapeDifferences(a.items, b.items, `${path}[]`, labels);
  if (a.kind === 'record' && b.kind === 'record')
    return shapeDifferences(a.values, b.values, `${path}{}`, labels);
  if (a.kind === 'union' && b.kind === 'union' && a.members.length === b.members.length) {
    return a.members.flatMap((m, i) => shapeDifferences(m, b.members[i]!, `${path}|${i}`, labels));
  }
  return JSON.stringify(a) === JSON.stringify(b)
    ? []
    : [`${path}: ${describe(a)} in the ${labels[0]}, ${describe(b)} in the ${labels[1]}`];
}

function describe(s: Shape): string {
  switch (s.kind) {
    case 'primitive':
      return s.name;
    case 'array':
      return `${describe(s.items)}[]`;
    case 'record':
      return `Record<string, ${describe(s.values)}>`;
    case 'union':
      return s.members.map(describe).join(' | ');
    case 'object':
      return `{ ${Object.keys(s.props).join(', ')} }`;
  }
}
