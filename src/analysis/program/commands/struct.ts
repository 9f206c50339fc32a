// crash's `struct <name>[.member[,member…]] [address]`:
//  - no address: the definition with member offsets and SIZE (format-type.ts), or only
//    the named members;
//  - an address: the values gdb prints for the whole struct, or one "  member = value,"
//    line per named member (read from one copy of the struct's bytes).
// `name` may be spelled "task_struct", "struct task_struct" or be a union's name.
import { CommandUsageError, LookupError } from '../../errors';
import { memberAt, sizeOf, stripTypedefs } from '../../debuginfo/type-queries';
import type { CompoundType, Type } from '../../debuginfo/types';
import type { Program } from '../program';
import { declaration, formatOtherType, formatTypeDefinition } from '../format/format-type';
import { formatValue, type ValueFormatContext } from '../format/format-value';
import { parseAddress } from './address';

export interface StructSpec {
  name: string;
  members: string[];
}

/** "task_struct.pid,tgid,comm" → { name: "task_struct", members: ["pid", "tgid", "comm"] }. */
export function parseStructSpec(spec: string): StructSpec {
  const s = spec.trim();
  const dot = s.indexOf('.');
  const name = (dot < 0 ? s : s.slice(0, dot)).trim();
  const members = dot < 0 ? [] : s.slice(dot + 1).split(',').map((m) => m.trim());
  if (!name || members.some((m) => !m)) throw new CommandUsageError(`struct: bad argument "${spec}"`);
  return { name, members };
}

export function findAggregate(prog: Program, name: string): Type {
  const bare = name.replace(/^(struct|union)\s+/, '');
  const t = /^(struct|union)\s/.test(name)
    ? prog.findType(name)
    : (prog.findType(`struct ${bare}`) ?? prog.findType(`union ${bare}`) ?? prog.findType(bare));
  if (!t) {
    // Throws MissingDebugInfoError when there are no types at all.
    prog.type(name);
    throw new LookupError(`struct: no type ${name}`);
  }
  return t;
}

export async function structCommand(prog: Program, spec: string, addressText?: string): Promise<string[]> {
  const { name, members } = parseStructSpec(spec);
  const type = findAggregate(prog, name);
  const real = stripTypedefs(type);
  const compound = real.kind === 'struct' || real.kind === 'union' ? real : null;
  if (addressText === undefined) {
    if (!compound) return formatOtherType(type);
    return members.length ? memberDefinitions(compound, members) : formatTypeDefinition(compound);
  }
  const address = parseAddress(prog, addressText);
  const bytes = await prog.read(address, sizeOf(type));
  const ctx: ValueFormatContext = {
    symbolize: (a) => prog.symbolize(a),
    read: (a, n) => prog.read(a, n),
  };
  if (!members.length) {
    const v = await formatValue(ctx, type, bytes, { byte: 0 }, 0);
    return `${compound ? `${compound.kind} ${compound.name ?? ''} ` : ''}${v}`.split('\n');
  }
  const out: string[] = [];
  for (const m of members) {
    const loc = memberAt(type, m);
    const slot =
      loc.bitSize !== null ? { byte: 0, bitOffset: loc.bitOffset, bitSize: loc.bitSize } : { byte: loc.bitOffset / 8 };
    out.push(...`  ${m} = ${await formatValue(ctx, loc.type, bytes, slot, 1)},`.split('\n'));
  }
  return out;
}

/** `struct task_struct.pid,comm` with no address: each member's offset and declaration. */
function memberDefinitions(t: CompoundType, members: string[]): string[] {
  const width = String(t.size ?? 0).length + 4;
  const out = [`${t.kind} ${t.name ?? '{...}'} {`];
  for (const m of members) {
    const loc = memberAt(t, m);
    const bits = loc.bitSize !== null ? ` : ${loc.bitSize}` : '';
    out.push(`${`[${Math.floor(loc.bitOffset / 8)}]`.padStart(width)} ${declaration(loc.type, m)}${bits};`);
  }
  out.push('}');
  return out;
}
