// The parts of one index build as comparable rows: name refs of a part's own strings
// replaced by the strings (their ids depend on the order strings were met), unit indexes
// made global (a part's are its own), types and variables as the merge keeps them (the
// first entry of a name unless a declaration and a definition follows) in name order,
// deferred rows sorted. The WebAssembly scan hands its rows on chunk by chunk, with
// definitions that replace declarations as rows of their own; the TypeScript scan in one
// part, replaced in place: both give the same rows here.
import type { IndexPart } from '../index/index-part';

export function normalizeParts(parts: IndexPart[]): Record<string, string[]> {
  const out: Record<string, string[]> = {
    units: [],
    unitRanges: [],
    types: [],
    variables: [],
    functions: [],
    deferred: [],
  };
  const named = new Map<string, { die: number; decl: boolean }>();
  const keep = (key: string, die: number, decl: boolean) => {
    const e = named.get(key);
    if (!e) named.set(key, { die, decl });
    else if (e.decl && !decl) named.set(key, { die, decl });
  };
  let unitBase = 0;
  for (const p of parts) {
    const name = (r: number) => (r < 0 ? `"${p.strings[-r - 1]}"` : String(r));
    for (let i = 0; i < p.units.length; i += 20) {
      const row = Array.from(p.units.subarray(i, i + 20), (v, k) =>
        k === 13 || k === 14 ? name(v) : String(v),
      );
      out.units!.push(row.join(' '));
    }
    for (let i = 0; i < p.unitRangeOwner.length; i++) {
      const r = Array.from(p.unitRanges.subarray(4 * i, 4 * i + 4)).join(' ');
      out.unitRanges!.push(`${r} unit ${unitBase + p.unitRangeOwner[i]!}`);
    }
    for (let i = 0; i < p.types.length; i += 4)
      if (!Number.isNaN(p.types[i + 1]!))
        keep(`type ${p.types[i]} ${name(p.types[i + 1]!)}`, p.types[i + 2]!, p.types[i + 3] === 1);
    for (let i = 0; i < p.variables.length; i += 3)
      if (!Number.isNaN(p.variables[i]!))
        keep(`variable ${name(p.variables[i]!)}`, p.variables[i + 1]!, p.variables[i + 2] === 1);
    for (let i = 0; i < p.functionDie.length; i++) {
      const r = Array.from(p.functionRanges.subarray(4 * i, 4 * i + 4)).join(' ');
      out.functions!.push(`${r} ${name(p.functionName[i]!)} ${p.functionDie[i]}`);
    }
    for (let i = 0; i < p.deferred.length; i += 6) {
      const d = Array.from(p.deferred.subarray(i, i + 6));
      out.deferred!.push([d[0], unitBase + d[1]!, d[2], name(d[3]!), d[4], d[5]].join(' '));
    }
    unitBase += p.units.length / 20;
  }
  for (const [key, e] of [...named].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[key.startsWith('type') ? 'types' : 'variables']!.push(`${key} ${e.die} ${e.decl}`);
  }
  out.deferred!.sort();
  return out;
}
