// A struct or union definition as crash's `struct -o` prints it (gdb ptype, each member
// line prefixed with its byte offset from the start of the outer type, right-justified in
// a column as wide as the size's digits plus 4), followed by "SIZE: n". Members whose
// type is an anonymous struct or union are expanded in place, as gdb does.
import { sizeOf, typeName } from '../../debuginfo/type-queries';
import type { CompoundType, Member, Type } from '../../debuginfo/types';

/** Bound on nested anonymous aggregates (corrupt debug info must not recurse forever). */
const MAX_NESTING = 32;

/** C declaration of `name` with type `t`: "char comm[16]", "void (*fn)(int)", "struct list_head *next". */
export function declaration(t: Type, name: string): string {
  const spelled = typeName(t);
  const fp = spelled.indexOf('(*');
  if (fp >= 0) return `${spelled.slice(0, fp + 2)}${name}${spelled.slice(fp + 2)}`;
  const arr = /^(.*?)( ?)(\[.*)$/.exec(spelled);
  if (arr) return `${arr[1]}${arr[1]!.endsWith('*') ? '' : ' '}${name}${arr[3]}`;
  return spelled.endsWith('*') ? `${spelled}${name}` : `${spelled} ${name}`;
}

function isAnonymousAggregate(t: Type): t is CompoundType {
  return (t.kind === 'struct' || t.kind === 'union') && t.name === null;
}

/** Lines of the definition; `only` limits the top level to these member names. */
export function formatTypeDefinition(t: CompoundType, only?: readonly string[]): string[] {
  const size = t.size ?? 0;
  const width = String(size).length + 4;
  const out: string[] = [`${t.kind} ${t.name ?? '{...}'} {`];
  const line = (offset: number | null, depth: number, text: string) =>
    out.push(`${(offset === null ? '' : `[${offset}]`).padStart(width)} ${'    '.repeat(depth)}${text}`);

  const members = (c: CompoundType, base: number, depth: number, filter?: readonly string[]) => {
    for (const m of c.members) {
      if (filter && !(m.name && filter.includes(m.name))) continue;
      member(m, base, depth);
    }
  };
  const member = (m: Member, base: number, depth: number) => {
    const bit = base + m.bitOffset;
    const offset = Math.floor(bit / 8);
    const inner = m.type.kind === 'struct' || m.type.kind === 'union' ? m.type : null;
    if (inner && isAnonymousAggregate(inner) && depth < MAX_NESTING) {
      line(null, depth, `${inner.kind} {`);
      members(inner, bit, depth + 1);
      line(null, depth, m.name ? `} ${m.name};` : '};');
      return;
    }
    const decl = declaration(m.type, m.name ?? '');
    line(offset, depth, `${decl}${m.bitSize !== null ? ` : ${m.bitSize}` : ''};`);
  };
  members(t, 0, 0, only);
  out.push('}');
  if (!only) out.push(`SIZE: ${size}`);
  return out;
}

/** A non-aggregate type: "typedef unsigned int u32;" then "SIZE: 4". */
export function formatOtherType(t: Type): string[] {
  let size = '?';
  try {
    size = String(sizeOf(t));
  } catch {
    // void, functions and incomplete types have no size.
  }
  const first = t.kind === 'typedef' ? `typedef ${declaration(t.target, t.name)};` : `${typeName(t)};`;
  return [first, `SIZE: ${size}`];
}
