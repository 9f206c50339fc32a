import { describe, expect, it } from 'vitest';
import { openTestDwarf } from './test-support/open-test-dwarf';
import { COLD, codeLines as lines, codeUnits as units, T } from './test-support/samples';

describe.each([4, 5] as const)('code from DWARF %i', (version) => {
  const open = () => openTestDwarf(units(version), [lines(version)]);

  it('finds functions by pc, including split ranges and abstract origins', async () => {
    const d = await open();
    const at = (pc: bigint) => d.code.functionAt(pc);
    expect(at(T)).toEqual({ name: 'outer_fn', low: T, high: T + 0x40n });
    expect(at(T + 0x3fn)?.name).toBe('outer_fn');
    expect(at(T + 0x40n)).toEqual({ name: 'split_fn', low: T + 0x40n, high: T + 0x80n });
    expect(at(COLD + 4n)).toEqual({ name: 'split_fn', low: COLD, high: COLD + 0x10n });
    expect(at(T + 0x80n)?.name).toBe('inlined_fn');
    expect(at(T + 0x105n)?.name).toBe('inlined_fn'); // origin in another unit, named lazily
    expect(at(T + 0x90n)).toBeUndefined();
    expect(at(4n)).toBeUndefined();
    expect(d.index.functionCount).toBe(5);
  });

  it('lists inline frames innermost first with their call sites', async () => {
    const d = await open();
    expect(d.code.inlineChainAt(T + 0x1bn)).toEqual([
      { name: 'inner_inline', callFile: '/usr/include/inl.h', callLine: 7 },
      { name: 'inlined_fn', callFile: '/build/src/code.c', callLine: 42 },
    ]);
    expect(d.code.inlineChainAt(T + 0x18n).map((f) => f.name)).toEqual(['inlined_fn']);
    expect(d.code.inlineChainAt(T + 0x10n)).toEqual([]);
    expect(d.code.inlineChainAt(T + 0x200n)).toEqual([]);
  });

  it('maps pcs to lines through the line program', async () => {
    const d = await open();
    const line = (pc: bigint) => d.code.lineAt(pc);
    expect(line(T)).toEqual({ file: '/build/src/code.c', line: 10 });
    expect(line(T + 3n)?.line).toBe(10);
    expect(line(T + 4n)?.line).toBe(11);
    expect(line(T + 0x18n)).toEqual({ file: '/usr/include/inl.h', line: 42 });
    expect(line(T + 0x1fn)?.line).toBe(42);
    expect(line(T + 0x20n)).toEqual({ file: '/build/src/code.c', line: 12, column: 5 });
    expect(line(T + 0x31n)?.line).toBe(12);
    expect(line(T + 0x40n)?.line).toBe(20);
    expect(line(T + 0x8fn)?.line).toBe(20);
    expect(line(T + 0x90n)).toBeUndefined();
    expect(line(COLD + 8n)?.line).toBe(100);
    expect(line(0n)).toBeUndefined();
    const table = d.store.lineTable(d.index.units[0]!)!;
    expect(table.rowCount).toBe(13);
  });
});
