import { describe, expect, it } from 'vitest';
import { offsetOf, sizeOf, typeName } from '../type-queries';
import type {
  ArrayType,
  CompoundType,
  EnumType,
  FunctionType,
  PointerType,
  Type,
  TypedefType,
} from '../types';
import { DW_AT, DW_FORM, DW_TAG } from './constants';
import type { UnitSpec } from './test-support/dwarf-writer';
import { openTestDwarf } from './test-support/open-test-dwarf';
import { typeUnits as units } from './test-support/samples';

const members = (t: Type | undefined) => (t as CompoundType).members;

describe.each([3, 4, 5] as const)('types from DWARF %i', (version) => {
  it('builds structs with offsets, bitfields, anonymous members and nested arrays', async () => {
    const d = await openTestDwarf(units(version));
    const flags = d.types.findType('struct flags') as CompoundType;
    expect(flags.size).toBe(8);
    expect(members(flags).map((m) => [m.name, m.bitOffset, m.bitSize])).toEqual([
      ['a', 0, null],
      ['x', 32, 3],
      ['y', 35, 5],
      ['z', 56, null],
    ]);
    const outer = d.types.findType('outer') as CompoundType;
    expect(outer.kind).toBe('struct');
    expect(sizeOf(outer)).toBe(56);
    const m = members(outer);
    expect(m[0]!.name).toBeNull();
    expect(m[0]!.type.kind).toBe('union');
    expect(offsetOf(outer, 'u')).toBe(0);
    const arr = m[1]!.type as ArrayType;
    expect([
      arr.length,
      (arr.element as ArrayType).length,
      (arr.element as ArrayType).element.kind,
    ]).toEqual([2, 3, 'int']);
    expect(sizeOf(arr)).toBe(24);
    expect((m.find((x) => x.name === 'flex')!.type as ArrayType).length).toBeNull();
    expect((m.find((x) => x.name === 'zero')!.type as ArrayType).length).toBe(0);
    expect(typeName(m.find((x) => x.name === 'rp')!.type)).toContain('restrict');
    const rp = m.find((x) => x.name === 'rp')!.type;
    expect(rp.kind).toBe('restrict');
    const ptr = (rp as { target: Type }).target as PointerType;
    expect([ptr.kind, ptr.target.kind, (ptr.target as { target: Type }).target.kind]).toEqual([
      'pointer',
      'volatile',
      'const',
    ]);
    const fn = (m.find((x) => x.name === 'fn')!.type as PointerType).target as FunctionType;
    expect([fn.kind, fn.returnType.kind, fn.params.length, fn.variadic]).toEqual([
      'function',
      'int',
      1,
      true,
    ]);
    // A cycle through a pointer is fine: targets are lazy.
    expect((m.find((x) => x.name === 'next')!.type as PointerType).target).toBe(outer);
  });

  it('follows typedef chains, finds base types by C spelling, resolves declarations', async () => {
    const d = await openTestDwarf(units(version));
    const t = d.types.findType('my_u32') as TypedefType;
    expect(t.kind).toBe('typedef');
    expect((t.target as TypedefType).name).toBe('u32');
    expect((t.target as TypedefType).target).toMatchObject({
      kind: 'int',
      name: 'unsigned int',
      size: 4,
      signed: false,
    });
    expect(d.types.findType('unsigned', 'base')).toMatchObject({ name: 'unsigned int' });
    expect(d.types.findType('_Bool')).toMatchObject({ kind: 'bool', size: 1 });
    expect(d.types.findType('char')).toMatchObject({ kind: 'int', signed: true });
    // `struct later` is only declared in one.c: its pointer leads to two.c's definition.
    const outer = d.types.findType('struct outer') as CompoundType;
    const later = (outer.members.find((x) => x.name === 'later')!.type as PointerType)
      .target as CompoundType;
    expect([later.size, later.members.map((x) => x.name)]).toEqual([4, ['v']]);
    expect(d.types.findType('struct later')).toBe(later);
    expect(d.types.findType('struct nonexistent')).toBeUndefined();
    expect(d.types.findType('union outer')).toBeUndefined();
    expect(d.types.findType('outer', 'typedef')).toBeUndefined();
    expect([...d.types.typeNames()]).toEqual(
      expect.arrayContaining(['struct outer', 'struct flags', 'u32', 'enum e_signed', 'int']),
    );
  });

  it('builds enums with the sign of their values', async () => {
    const d = await openTestDwarf(units(version));
    const s = d.types.findType('enum e_signed') as EnumType;
    expect([s.signed, s.enumerators]).toEqual([
      true,
      [
        { name: 'A', value: -1n },
        { name: 'B', value: 1n },
      ],
    ]);
    const u = d.types.findType('e_unsigned') as EnumType;
    expect([u.signed, u.size, u.enumerators]).toEqual([false, 1, [{ name: 'X', value: 255n }]]);
  });

  it('types variables, through DW_AT_specification across units', async () => {
    const d = await openTestDwarf(units(version));
    expect(d.types.findVariableType('gvar')).toBe(d.types.findType('struct outer'));
    expect(d.types.findVariableType('pv')).toMatchObject({
      kind: 'pointer',
      target: { kind: 'void' },
    });
    expect(d.types.findVariableType('nothing')).toBeUndefined();
  });
});

describe('type units', () => {
  const sig = 0x0123456789abcdefn;
  const tu = (debugTypes: boolean): UnitSpec => ({
    version: debugTypes ? 4 : 5,
    debugTypes,
    typeSignature: sig,
    typeLabel: 'tu_struct',
    root: {
      tag: DW_TAG.type_unit,
      attrs: [],
      children: [
        {
          tag: DW_TAG.base_type,
          label: 'tu_int',
          attrs: [
            [DW_AT.name, DW_FORM.string, 'int'],
            [DW_AT.byte_size, DW_FORM.data1, 4],
            [DW_AT.encoding, DW_FORM.data1, 5],
          ],
        },
        {
          tag: DW_TAG.structure_type,
          label: 'tu_struct',
          attrs: [
            [DW_AT.name, DW_FORM.string, 'in_tu'],
            [DW_AT.byte_size, DW_FORM.data1, 8],
          ],
          children: [
            {
              tag: DW_TAG.member,
              attrs: [
                [DW_AT.name, DW_FORM.string, 'b'],
                [DW_AT.type, DW_FORM.ref4, { ref: 'tu_int' }],
                [DW_AT.data_member_location, DW_FORM.data1, 4],
              ],
            },
          ],
        },
      ],
    },
  });
  const cu = (version: 4 | 5): UnitSpec => ({
    version,
    root: {
      tag: DW_TAG.compile_unit,
      attrs: [[DW_AT.name, DW_FORM.string, 'user.c']],
      children: [
        {
          tag: DW_TAG.variable,
          attrs: [
            [DW_AT.name, DW_FORM.string, 'v'],
            [DW_AT.type, DW_FORM.ref_sig8, sig],
          ],
        },
      ],
    },
  });

  it.each([
    ['DWARF 4 .debug_types', true],
    ['DWARF 5 DW_UT_type in .debug_info', false],
  ] as const)('resolves DW_FORM_ref_sig8 through %s', async (_name, debugTypes) => {
    const d = await openTestDwarf(debugTypes ? [cu(4), tu(true)] : [tu(false), cu(5)]);
    const t = d.types.findVariableType('v') as CompoundType;
    expect([
      t.kind,
      t.name,
      t.size,
      t.members.map((m) => [m.name, m.bitOffset, m.type.kind]),
    ]).toEqual(['struct', 'in_tu', 8, [['b', 32, 'int']]]);
    expect(d.types.findType('struct in_tu')).toBe(t);
  });
});
