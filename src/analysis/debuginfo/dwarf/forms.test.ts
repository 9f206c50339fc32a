import { describe, expect, it } from 'vitest';
import { DW_AT, DW_FORM, DW_TAG } from './constants';
import type { AttrValue } from './forms';
import { staticAddress } from './loclists';
import { readRanges } from './ranges';
import type { Attr, DieSpec, UnitSpec } from './test-support/dwarf-writer';
import { openTestDwarf } from './test-support/open-test-dwarf';
import { TYPE_STRUCT } from './index/abbrev-program';
import { resolveAddress, resolveString } from './unit-bases';

const V = (n: number) => 0x2000 + n; // vendor attributes carrying arbitrary forms
const sixteen = Uint8Array.from({ length: 16 }, (_, i) => i + 1);

function allForms(version: 4 | 5): Attr[] {
  const a: Attr[] = [
    [V(1), DW_FORM.addr, 0xffffffff81000000n],
    [V(2), DW_FORM.data1, 0xfe],
    [V(3), DW_FORM.data2, 0xbeef],
    [V(4), DW_FORM.data4, 0xdeadbeef],
    [V(5), DW_FORM.data8, 0x0123456789abcdefn],
    [V(6), DW_FORM.sdata, -5],
    [V(7), DW_FORM.udata, 300],
    [V(8), DW_FORM.string, 'inline'],
    [V(9), DW_FORM.strp, 'via-strp'],
    [V(10), DW_FORM.flag, true],
    [V(11), DW_FORM.flag_present],
    [V(13), DW_FORM.block1, Uint8Array.of(1, 2)],
    [V(14), DW_FORM.block2, Uint8Array.of(3)],
    [V(15), DW_FORM.block4, Uint8Array.of(4, 5, 6)],
    [V(16), DW_FORM.block, Uint8Array.of(7)],
    [V(17), DW_FORM.exprloc, Uint8Array.of(0x03, 0, 0x10, 0, 0x81, 0xff, 0xff, 0xff, 0xff)],
    [V(18), DW_FORM.ref1, { ref: 'int' }],
    [V(19), DW_FORM.ref2, { ref: 'int' }],
    [V(20), DW_FORM.ref4, { ref: 'int' }],
    [V(21), DW_FORM.ref8, { ref: 'int' }],
    [V(22), DW_FORM.ref_udata, { ref: 'int' }],
    [V(23), DW_FORM.ref_addr, { ref: 'int' }],
    [V(24), DW_FORM.ref_sig8, 0x1122334455667788n],
    [V(25), DW_FORM.sec_offset, 7],
    [V(26), DW_FORM.indirect, { form: DW_FORM.data2, value: 0x1234 }],
    [
      DW_AT.location,
      DW_FORM.sec_offset,
      {
        loclist: [
          { low: 0x1000n, high: 0x1010n, expr: [0x50] },
          { low: 0x1010n, high: 0x1020n, expr: [0x51] },
        ],
      },
    ],
  ];
  if (version >= 5) {
    a.push(
      [V(30), DW_FORM.implicit_const, -42],
      [V(31), DW_FORM.data16, sixteen],
      [V(32), DW_FORM.line_strp, 'via-line-strp'],
      [V(33), DW_FORM.strx, 's0'],
      [V(34), DW_FORM.strx1, 's1'],
      [V(35), DW_FORM.strx2, 's2'],
      [V(36), DW_FORM.strx3, 's3'],
      [V(37), DW_FORM.strx4, 's4'],
      [V(38), DW_FORM.addrx, 0x10n],
      [V(39), DW_FORM.addrx1, 0x11n],
      [V(40), DW_FORM.addrx2, 0x12n],
      [V(41), DW_FORM.addrx3, 0x13n],
      [V(42), DW_FORM.addrx4, 0xffffffff80000014n],
      [
        V(43),
        DW_FORM.rnglistx,
        {
          ranges: [
            [0x2000n, 0x2010n],
            [0x3000n, 0x3004n],
            [0x4000n, 0x4100n],
          ],
        },
      ],
    );
  } else {
    a.push([
      DW_AT.ranges,
      DW_FORM.sec_offset,
      {
        ranges: [
          [0x2000n, 0x2010n],
          [0x3000n, 0x3004n],
        ],
      },
    ]);
  }
  return a;
}

function unit(version: 4 | 5, offsetSize: 4 | 8): UnitSpec {
  const root: DieSpec = {
    tag: DW_TAG.compile_unit,
    attrs:
      version >= 5
        ? [
            [DW_AT.str_offsets_base, DW_FORM.sec_offset, { base: 'str_offsets' }],
            [DW_AT.addr_base, DW_FORM.sec_offset, { base: 'addr' }],
            [DW_AT.rnglists_base, DW_FORM.sec_offset, { base: 'rnglists' }],
            [DW_AT.loclists_base, DW_FORM.sec_offset, { base: 'loclists' }],
            [DW_AT.name, DW_FORM.strx1, 'forms.c'],
            [DW_AT.comp_dir, DW_FORM.line_strp, '/src'],
          ]
        : [
            [DW_AT.name, DW_FORM.strp, 'forms.c'],
            [DW_AT.comp_dir, DW_FORM.string, '/src'],
          ],
    children: [
      {
        tag: DW_TAG.base_type,
        label: 'int',
        attrs: [
          [DW_AT.name, DW_FORM.string, 'int'],
          [DW_AT.byte_size, DW_FORM.data1, 4],
          [DW_AT.encoding, DW_FORM.data1, 5],
        ],
      },
      {
        tag: DW_TAG.structure_type,
        label: 'all',
        attrs: [[DW_AT.name, DW_FORM.strp, 'allforms'], ...allForms(version)],
      },
      {
        tag: DW_TAG.structure_type,
        attrs: [
          [DW_AT.name, DW_FORM.string, 'after'],
          [DW_AT.byte_size, DW_FORM.data1, 1],
        ],
      },
    ],
  };
  return { version, offsetSize, root };
}

describe.each([
  [4, 4],
  [5, 4],
  [5, 8],
] as const)('every form, DWARF %i with %i-byte offsets', (version, offsetSize) => {
  it('decodes each attribute value and keeps the index scan aligned', async () => {
    const d = await openTestDwarf([unit(version, offsetSize)]);
    // The scan walked over every form to reach the DIE after them.
    expect(d.index.findType(TYPE_STRUCT, 'after')).toBeDefined();
    const e = d.index.findType(TYPE_STRUCT, 'allforms')!;
    const die = d.store.die(e.die);
    const u = die.unit;
    const s = d.store.small;
    const at = (n: number): AttrValue => die.attr(V(n))!;
    const intDie = d.index.findType(4, 'int')!.die;
    expect(at(1)).toEqual({ kind: 'address', value: 0xffffffff81000000n });
    expect(at(2)).toEqual({ kind: 'udata', value: 0xfen });
    expect(at(3)).toEqual({ kind: 'udata', value: 0xbeefn });
    expect(at(4)).toEqual({ kind: 'udata', value: 0xdeadbeefn });
    expect(at(5)).toEqual({ kind: 'udata', value: 0x0123456789abcdefn });
    expect(at(6)).toEqual({ kind: 'sdata', value: -5n });
    expect(at(7)).toEqual({ kind: 'udata', value: 300n });
    expect(resolveString(at(8), u, s)).toBe('inline');
    expect(resolveString(at(9), u, s)).toBe('via-strp');
    expect(at(10)).toEqual({ kind: 'flag', value: true });
    expect(at(11)).toEqual({ kind: 'flag', value: true });
    expect(at(13)).toMatchObject({ kind: 'block', bytes: Uint8Array.of(1, 2) });
    expect(at(14)).toMatchObject({ kind: 'block', bytes: Uint8Array.of(3) });
    expect(at(15)).toMatchObject({ kind: 'block', bytes: Uint8Array.of(4, 5, 6) });
    expect(at(16)).toMatchObject({ kind: 'block', bytes: Uint8Array.of(7) });
    const expr = at(17);
    expect(expr).toMatchObject({ kind: 'block', exprloc: true });
    if (expr.kind === 'block') expect(staticAddress(expr.bytes, u, s)).toBe(0xffffffff81001000n);
    for (const n of [18, 19, 20, 21, 22, 23])
      expect(at(n)).toEqual({ kind: 'ref', offset: intDie });
    expect(at(24)).toEqual({ kind: 'ref_sig8', signature: 0x1122334455667788n });
    expect(at(25)).toEqual({ kind: 'sec_offset', offset: 7 });
    expect(at(26)).toEqual({ kind: 'udata', value: 0x1234n });
    const loc = die.attr(DW_AT.location)!;
    expect(loc.kind).toBe('sec_offset');
    expect(d.store.locationList(u, loc).map((x) => [x.low, x.high, [...x.expr]])).toEqual([
      [0x1000n, 0x1010n, [0x50]],
      [0x1010n, 0x1020n, [0x51]],
    ]);
    if (version >= 5) {
      expect(at(30)).toEqual({ kind: 'sdata', value: -42n });
      expect(at(31)).toEqual({ kind: 'data16', bytes: sixteen });
      expect(resolveString(at(32), u, s)).toBe('via-line-strp');
      expect([33, 34, 35, 36, 37].map((n) => resolveString(at(n), u, s))).toEqual([
        's0',
        's1',
        's2',
        's3',
        's4',
      ]);
      expect([38, 39, 40, 41, 42].map((n) => resolveAddress(at(n), u, s))).toEqual([
        0x10n,
        0x11n,
        0x12n,
        0x13n,
        0xffffffff80000014n,
      ]);
      expect(readRanges(at(43), u, s)).toEqual([
        [0x2000n, 0x2010n],
        [0x3000n, 0x3004n],
        [0x4000n, 0x4100n],
      ]);
      expect(d.index.units[0]!.name).toBe('forms.c');
      expect(d.index.units[0]!.compDir).toBe('/src');
    } else {
      expect(readRanges(die.attr(DW_AT.ranges)!, u, s)).toEqual([
        [0x2000n, 0x2010n],
        [0x3000n, 0x3004n],
      ]);
    }
  });
});
