// Layout checks any TypeSource must pass on the real vmlinux (DWARF, BTF): VMCOREINFO
// SIZE()/OFFSET()/LENGTH() lines, and a struct's members flattened to comparable lines.
import type { TypeSource } from '../../src/analysis/debuginfo/debug-info';
import {
  memberAt,
  offsetOf,
  sizeOf,
  stripTypedefs,
} from '../../src/analysis/debuginfo/type-queries';
import type { Type } from '../../src/analysis/debuginfo/types';

/** Every VMCOREINFO layout line `types` disagrees with, and how many lines were checked. */
export function vmcoreinfoMismatches(
  types: TypeSource,
  entries: readonly (readonly [string, string])[],
): { wrong: string[]; checked: number } {
  const wrong: string[] = [];
  let checked = 0;
  for (const [key, value] of entries) {
    const m = /^(SIZE|OFFSET|LENGTH)\((\w+)(?:\.(\w+))?\)$/.exec(key);
    if (!m || (m[1] !== 'SIZE' && !m[3])) continue;
    const t = types.findType(m[2]!);
    if (!t) {
      wrong.push(`${key}: no type ${m[2]}`);
      continue;
    }
    let got: number | null;
    if (m[1] === 'SIZE') got = sizeOf(t);
    else if (m[1] === 'OFFSET') got = offsetOf(t, m[3]!);
    else {
      const a = stripTypedefs(memberAt(t, m[3]!).type);
      got = a.kind === 'array' ? a.length : null;
    }
    checked++;
    if (got !== Number(value)) wrong.push(`${key}=${value}, ${types.kind} ${got}`);
  }
  return { wrong, checked };
}

/** Every member of `t` (recursively through nested structs) as "path bitOffset bitSize size". */
export function layout(t: Type, prefix = '', out: string[] = [], depth = 0): string[] {
  const s = stripTypedefs(t);
  if ((s.kind !== 'struct' && s.kind !== 'union') || depth > 4) return out;
  for (const m of s.members) {
    const name = m.name ?? '(anon)';
    let size: number | string;
    try {
      size = sizeOf(m.type);
    } catch {
      size = '?';
    }
    out.push(`${prefix}${name} ${m.bitOffset} ${m.bitSize ?? ''} ${size}`);
    layout(m.type, `${prefix}${name}.`, out, depth + 1);
  }
  return out;
}
