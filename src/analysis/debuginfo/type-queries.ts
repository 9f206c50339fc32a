// Questions about the shared Type model, the same for DWARF and BTF: C sizeof, member
// offsets along a path ("a.b[3].c", anonymous struct/union members searched the way C
// name lookup does), feature tests and C spelling of type names.
import { LookupError } from '../errors';
import type { CompoundType, Member, Type } from './types';

/** Bound on typedef/qualifier chains and nesting (a loop in corrupt debug info must not hang). */
const MAX_DEPTH = 64;

/** Drops const/volatile/restrict layers. */
export function unqualified(t: Type): Type {
  for (
    let n = 0;
    n < MAX_DEPTH && (t.kind === 'const' || t.kind === 'volatile' || t.kind === 'restrict');
    n++
  ) {
    t = t.target;
  }
  return t;
}

/** Drops typedef and qualifier layers: the type a value really has. */
export function stripTypedefs(t: Type): Type {
  for (let n = 0; n < MAX_DEPTH; n++) {
    if (
      t.kind === 'typedef' ||
      t.kind === 'const' ||
      t.kind === 'volatile' ||
      t.kind === 'restrict'
    )
      t = t.target;
    else return t;
  }
  throw new LookupError(`typedef chain longer than ${MAX_DEPTH} at ${typeName(t)}`);
}

/** sizeof(t) in bytes. A flexible array counts 0. Throws LookupError for void, functions and incomplete types. */
export function sizeOf(t: Type): number {
  let count = 1;
  for (let n = 0; n < MAX_DEPTH; n++) {
    t = stripTypedefs(t);
    switch (t.kind) {
      case 'int':
      case 'bool':
      case 'float':
      case 'pointer':
      case 'enum':
        return count * t.size;
      case 'struct':
      case 'union':
        if (t.size === null) throw new LookupError(`${typeName(t)} is incomplete: it has no size`);
        return count * t.size;
      case 'array':
        count *= t.length ?? 0;
        t = t.element;
        break;
      default:
        throw new LookupError(`${typeName(t)} has no size`);
    }
  }
  throw new LookupError(`array nesting deeper than ${MAX_DEPTH}`);
}

export interface MemberLocation {
  /** Bits from the start of the outer type. */
  bitOffset: number;
  /** Width for a bitfield, else null. */
  bitSize: number | null;
  type: Type;
}

/** The direct or anonymous-nested member called `name` of a struct/union, with its bit offset. */
export function findMember(t: CompoundType, name: string): MemberLocation | undefined {
  return search(t, name, 0, { left: MAX_VISITS }, 0);
}

/** Bound on the structs one search or spelling visits (cyclic debug info must not explode). */
const MAX_VISITS = 4096;

function search(
  t: CompoundType,
  name: string,
  base: number,
  budget: { left: number },
  depth: number,
): MemberLocation | undefined {
  if (--budget.left < 0 || depth > MAX_DEPTH) return undefined;
  for (const m of t.members) {
    if (m.name === name) return locate(m, base);
  }
  // C11 anonymous members: their members belong to the enclosing scope.
  for (const m of t.members) {
    if (m.name !== null && m.name !== '') continue;
    const inner = stripTypedefs(m.type);
    if (inner.kind !== 'struct' && inner.kind !== 'union') continue;
    const r = search(inner, name, base + m.bitOffset, budget, depth + 1);
    if (r) return r;
  }
  return undefined;
}

function locate(m: Member, base: number): MemberLocation {
  return { bitOffset: base + m.bitOffset, bitSize: m.bitSize, type: m.type };
}

const PATH_TOKEN = /\s*(?:(\.)?\s*([A-Za-z_$][\w$]*)|\[\s*(\d+|0x[0-9a-fA-F]+)\s*\])\s*/y;

/**
 * Where `path` ("mm.rss_stat.count[2]", "[1].next", "pid") lies inside `t`: offset in
 * bits from the start of `t`, bitfield width, member type. Array elements may lie past a
 * declared length (flexible arrays, `x[0]` idioms). Throws LookupError naming the step
 * that failed.
 */
export function memberAt(t: Type, path: string): MemberLocation {
  let loc: MemberLocation = { bitOffset: 0, bitSize: null, type: t };
  let pos = 0;
  for (let step = 0; pos < path.length; step++) {
    PATH_TOKEN.lastIndex = pos;
    const m = PATH_TOKEN.exec(path);
    // A member name needs a dot before it, except the first.
    if (!m || (m[2] !== undefined && step > 0 && m[1] === undefined)) {
      throw new LookupError(`bad member path "${path}" at "${path.slice(pos)}"`);
    }
    pos = PATH_TOKEN.lastIndex;
    const cur = stripTypedefs(loc.type);
    if (m[2] !== undefined) {
      if (cur.kind !== 'struct' && cur.kind !== 'union') {
        throw new LookupError(
          `${typeName(loc.type)} has no members (looking for ${m[2]} in "${path}")`,
        );
      }
      const r = findMember(cur, m[2]);
      if (!r) throw new LookupError(`${typeName(loc.type)} has no member ${m[2]}`);
      loc = { bitOffset: loc.bitOffset + r.bitOffset, bitSize: r.bitSize, type: r.type };
    } else {
      if (cur.kind !== 'array')
        throw new LookupError(`${typeName(loc.type)} is not an array (in "${path}")`);
      const index = Number(m[3]);
      loc = {
        bitOffset: loc.bitOffset + index * sizeOf(cur.element) * 8,
        bitSize: null,
        type: cur.element,
      };
    }
  }
  return loc;
}

/** True when `path` names a member of `t` ("__state" vs "state" in task_struct). */
export function hasMember(t: Type, path: string): boolean {
  try {
    memberAt(t, path);
    return true;
  } catch (e) {
    if (e instanceof LookupError) return false;
    throw e;
  }
}

/** Byte offset of `path` in `t` (a bitfield gives the byte holding its first bit). */
export function offsetOf(t: Type, path: string): number {
  return Math.floor(memberAt(t, path).bitOffset / 8);
}

/** C spelling: "struct list_head *", "char [16]", "int (*)(void *)", "const char *". */
export function typeName(t: Type): string {
  return spell(t, '', { left: MAX_VISITS }, 0);
}

function spell(t: Type, decl: string, budget: { left: number }, depth: number): string {
  if (--budget.left < 0 || depth > MAX_DEPTH) return `...${decl}`;
  const join = (base: string) => (decl ? `${base} ${decl}` : base);
  switch (t.kind) {
    case 'void':
    case 'int':
    case 'bool':
    case 'float':
    case 'typedef':
      return join(t.name);
    case 'struct':
    case 'union':
    case 'enum':
      return join(`${t.kind} ${t.name ?? '<anonymous>'}`);
    case 'pointer': {
      const target = t.target;
      const wrap = target.kind === 'array' || target.kind === 'function';
      return spell(target, wrap ? `(*${decl})` : `*${decl}`, budget, depth + 1);
    }
    case 'const':
    case 'volatile':
    case 'restrict':
      // After a pointer the qualifier binds to it ("char *const"); else it leads.
      if (t.target.kind === 'pointer')
        return spell(t.target, decl ? `${t.kind} ${decl}` : t.kind, budget, depth + 1);
      return `${t.kind} ${spell(t.target, decl, budget, depth + 1)}`;
    case 'array':
      return spell(t.element, `${decl}[${t.length ?? ''}]`, budget, depth + 1);
    case 'function': {
      const params = t.params.map((p) => spell(p, '', budget, depth + 1));
      if (t.variadic) params.push('...');
      return spell(
        t.returnType,
        `${decl}(${params.length ? params.join(', ') : 'void'})`,
        budget,
        depth + 1,
      );
    }
  }
}
