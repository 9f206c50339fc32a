// An IndexPart as comparable rows: name refs of the part's own strings replaced by the
// strings (their ids depend on the order strings were met), deferred rows sorted (the
// WebAssembly scan appends those of unit DIEs and functions to different tables).
import type { IndexPart } from '../index/index-part';

export function normalizePart(p: IndexPart): Record<string, string[]> {
  const name = (r: number) => (r < 0 ? `"${p.strings[-r - 1]}"` : String(r));
  const rows = (a: ArrayLike<number>, stride: number, names: number[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < a.length; i += stride) {
      const row: string[] = [];
      for (let k = 0; k < stride; k++)
        row.push(names.includes(k) ? name(a[i + k]!) : String(a[i + k]));
      out.push(row.join(' '));
    }
    return out;
  };
  return {
    units: rows(p.units, 20, [13, 14]),
    unitRanges: rows(p.unitRanges, 4, []),
    unitRangeOwner: rows(p.unitRangeOwner, 1, []),
    types: rows(p.types, 4, [1]),
    variables: rows(p.variables, 3, [0]),
    functionRanges: rows(p.functionRanges, 4, []),
    functionName: rows(p.functionName, 1, [0]),
    functionDie: rows(p.functionDie, 1, []),
    deferred: rows(p.deferred, 6, [3]).sort(),
  };
}
