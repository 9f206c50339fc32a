import { describe, expect, it } from 'vitest';
import { NameTable, type NameIndex } from './name-table';
import { WasmNameTable } from './wasm-name-table';

/** A .debug_str holding `names` (NUL-terminated) and the offset of each. */
function debugStr(names: string[]): { str: Uint8Array; at: number[] } {
  const at: number[] = [];
  const bytes: number[] = [0];
  for (const n of names) {
    at.push(bytes.length);
    bytes.push(...new TextEncoder().encode(n), 0);
  }
  return { str: Uint8Array.from(bytes), at };
}

const rows = (...r: number[][]) => Float64Array.from(r.flat());

const tables: [string, (str: Uint8Array, capacity?: number) => NameIndex][] = [
  ['NameTable', (str, capacity) => new NameTable(str, capacity)],
  ['WasmNameTable', (str, capacity) => new WasmNameTable(str, capacity)],
];

describe.each(tables)('%s', (_, make) => {
  it('keeps the first entry of a (kind, name) unless a definition follows a declaration', () => {
    const { str, at } = debugStr(['task_struct', 'list_head', 'task_struct']);
    const t = make(str);
    // [kind, name ref, die, declaration]
    const types = rows(
      [0, at[0]!, 0x100, 1],
      [0, at[1]!, 0x200, 0],
      [1, at[0]!, 0x300, 0], // another kind: its own entry
      [0, at[2]!, 0x400, 0], // equal bytes at another offset: upgrades the declaration
      [0, at[0]!, 0x500, 0], // a second definition: the first stays
      [0, at[1]!, 0x600, 1],
      [0, NaN, 0x700, 0], // unnamed
    );
    expect(t.addRows(types, 4, 1, 0, 0, [])).toBe(-1);
    expect(t.get(0, 'task_struct')).toEqual({ die: 0x400, declaration: false });
    expect(t.get(1, 'task_struct')).toEqual({ die: 0x300, declaration: false });
    expect(t.get(0, 'list_head')).toEqual({ die: 0x200, declaration: false });
    expect(t.get(2, 'task_struct')).toBeUndefined();
    expect(t.get(0, 'task')).toBeUndefined();
    expect([...t.names(0)]).toEqual(['task_struct', 'list_head']);
    expect(t.size).toBe(3);
  });

  it('matches part strings and .debug_str names byte for byte, UTF-8 included', () => {
    const { str, at } = debugStr(['jiffies', 'größe']);
    const t = make(str);
    // [name ref, die, declaration] with a fixed kind; -(1 + i) names strings[i]
    const vars = rows([-1, 0x10, 1], [at[0]!, 0x20, 0], [-2, 0x30, 0], [at[1]!, 0x40, 0]);
    expect(t.addRows(vars, 3, 0, -1, 5, ['jiffies', 'größe'])).toBe(-1);
    expect(t.get(5, 'jiffies')).toEqual({ die: 0x20, declaration: false });
    expect(t.get(5, 'größe')).toEqual({ die: 0x30, declaration: false });
    expect([...t.names(5)]).toEqual(['jiffies', 'größe']);
  });

  it("takes a lane's strings as they grow, between calls, in any order", () => {
    const { str } = debugStr([]);
    const t = make(str);
    const lane = ['unit.c', 'u8', '/build'];
    t.addRows(rows([-2, 0x10, 0]), 3, 0, -1, 0, lane);
    lane.push('s8', 'fn', 'größe');
    t.addRows(rows([-6, 0x20, 0], [-4, 0x30, 1], [-2, 0x40, 0]), 3, 0, -1, 0, lane);
    lane.push('bool');
    t.addRows(rows([-7, 0x50, 0], [-4, 0x60, 0], [-1, 0x70, 0]), 3, 0, -1, 1, lane);
    expect(t.get(0, 'u8')).toEqual({ die: 0x10, declaration: false });
    expect(t.get(0, 's8')).toEqual({ die: 0x30, declaration: true });
    expect(t.get(0, 'größe')).toEqual({ die: 0x20, declaration: false });
    expect(t.get(1, 'bool')).toEqual({ die: 0x50, declaration: false });
    expect(t.get(1, 's8')).toEqual({ die: 0x60, declaration: false });
    expect(t.get(1, 'unit.c')).toEqual({ die: 0x70, declaration: false });
    expect(t.get(0, 'fn')).toBeUndefined();
    expect(t.size).toBe(6);
  });

  it('grows past its capacity and answers a name ref past .debug_str', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `name_${i.toString(36)}`);
    const { str, at } = debugStr(names);
    const t = make(str, 4);
    expect(t.addRows(rows(...at.map((a, i) => [a, i, 0])), 3, 0, -1, 5, [])).toBe(-1);
    expect(t.size).toBe(5000);
    for (const [i, n] of names.entries()) expect(t.get(5, n)?.die).toBe(i);
    expect(t.addRows(rows([at[0]!, 1, 0], [str.length, 2, 0]), 3, 0, -1, 5, [])).toBe(str.length);
  });

  it('reads a name that ends the section without a NUL', () => {
    const str = new TextEncoder().encode('\0abc\0xyz');
    const t = make(str);
    t.addRows(rows([5, 1, 0], [1, 2, 0]), 3, 0, -1, 0, []);
    expect(t.get(0, 'xyz')).toEqual({ die: 1, declaration: false });
    expect(t.get(0, 'abc')).toEqual({ die: 2, declaration: false });
  });
});
