// DWARF samples shared by the unit tests: types of every kind (typeUnits) and code with
// split ranges, inline frames and a line program (codeUnits, codeLines).
import { DW_AT, DW_FORM, DW_OP_addr, DW_OP_plus_uconst, DW_TAG } from '../constants';
import type { Attr, DieSpec, UnitSpec } from './dwarf-writer';
import type { LineOp, LineProgramSpec } from './line-writer';

const sname = (n: string): Attr => [DW_AT.name, DW_FORM.strp, n];
const name = (n: string, form: number = DW_FORM.strp): Attr => [DW_AT.name, form, n];
const size = (n: number): Attr => [DW_AT.byte_size, DW_FORM.data1, n];
const type = (label: string): Attr => [DW_AT.type, DW_FORM.ref4, { ref: label }];
const at = (n: number): Attr => [DW_AT.data_member_location, DW_FORM.data1, n];

function base(label: string, n: string, bytes: number, enc: number): DieSpec {
  return {
    tag: DW_TAG.base_type,
    label,
    attrs: [name(n, DW_FORM.string), size(bytes), [DW_AT.encoding, DW_FORM.data1, enc]],
  };
}

function member(n: string | null, t: string, ...more: Attr[]): DieSpec {
  return { tag: DW_TAG.member, attrs: [...(n === null ? [] : [name(n)]), type(t), ...more] };
}

/** Bitfield x:3 at bit 32 and y:5 at bit 35, in the style of the DWARF version. */
function bitfields(version: number): DieSpec[] {
  if (version >= 4) {
    return [
      member(
        'x',
        'uint',
        [DW_AT.bit_size, DW_FORM.data1, 3],
        [DW_AT.data_bit_offset, DW_FORM.data1, 32],
      ),
      member(
        'y',
        'uint',
        [DW_AT.bit_size, DW_FORM.data1, 5],
        [DW_AT.data_bit_offset, DW_FORM.data1, 35],
      ),
    ];
  }
  // DWARF 2/3: bit_offset counts from the most significant bit of the 4-byte storage unit.
  return [
    member(
      'x',
      'uint',
      size(4),
      [DW_AT.bit_size, DW_FORM.data1, 3],
      [DW_AT.bit_offset, DW_FORM.data1, 29],
      at(4),
    ),
    member(
      'y',
      'uint',
      [DW_AT.bit_size, DW_FORM.data1, 5],
      [DW_AT.bit_offset, DW_FORM.data1, 24],
      at(4),
    ),
  ];
}

export function typeUnits(version: 3 | 4 | 5): UnitSpec[] {
  const cu1: DieSpec = {
    tag: DW_TAG.compile_unit,
    attrs: [name('one.c')],
    children: [
      base('int', 'int', 4, 5),
      base('uint', 'unsigned int', 4, 7),
      base('char', 'char', 1, 6),
      base('bool', '_Bool', 1, 2),
      { tag: DW_TAG.typedef, label: 'u32', attrs: [name('u32', DW_FORM.string), type('uint')] },
      { tag: DW_TAG.typedef, label: 'my_u32', attrs: [name('my_u32'), type('u32')] },
      {
        tag: DW_TAG.structure_type,
        label: 'flags',
        sibling: true,
        attrs: [name('flags'), size(8)],
        children: [
          member('a', 'uint', at(0)),
          ...bitfields(version),
          member('z', 'char', [
            DW_AT.data_member_location,
            DW_FORM.block1,
            Uint8Array.of(DW_OP_plus_uconst, 7),
          ]),
        ],
      },
      {
        tag: DW_TAG.union_type,
        label: 'anon_u',
        attrs: [size(4)],
        children: [member('i', 'int'), member('u', 'u32')],
      },
      {
        tag: DW_TAG.array_type,
        label: 'arr2x3',
        attrs: [type('int')],
        children: [
          { tag: DW_TAG.subrange_type, attrs: [[DW_AT.upper_bound, DW_FORM.data1, 1]] },
          { tag: DW_TAG.subrange_type, attrs: [[DW_AT.count, DW_FORM.data1, 3]] },
        ],
      },
      {
        tag: DW_TAG.array_type,
        label: 'flex',
        attrs: [type('char')],
        children: [{ tag: DW_TAG.subrange_type, attrs: [] }],
      },
      {
        tag: DW_TAG.array_type,
        label: 'zero',
        attrs: [type('int')],
        children: [
          {
            tag: DW_TAG.subrange_type,
            attrs: [[DW_AT.upper_bound, DW_FORM.data8, 0xffffffffffffffffn]],
          },
        ],
      },
      { tag: DW_TAG.const_type, label: 'cchar', attrs: [type('char')] },
      { tag: DW_TAG.volatile_type, label: 'vcchar', attrs: [type('cchar')] },
      { tag: DW_TAG.pointer_type, label: 'p_vcchar', attrs: [size(8), type('vcchar')] },
      { tag: DW_TAG.restrict_type, label: 'rp', attrs: [type('p_vcchar')] },
      {
        tag: DW_TAG.subroutine_type,
        label: 'fn',
        attrs: [[DW_AT.prototyped, DW_FORM.flag_present], type('int')],
        children: [
          { tag: DW_TAG.formal_parameter, attrs: [type('int')] },
          { tag: DW_TAG.unspecified_parameters, attrs: [] },
        ],
      },
      { tag: DW_TAG.pointer_type, label: 'p_fn', attrs: [size(8), type('fn')] },
      { tag: DW_TAG.pointer_type, label: 'p_outer', attrs: [size(8), type('outer')] },
      { tag: DW_TAG.pointer_type, label: 'p_void', attrs: [size(8)] },
      {
        tag: DW_TAG.structure_type,
        label: 'decl',
        attrs: [name('later'), [DW_AT.declaration, DW_FORM.flag_present]],
      },
      { tag: DW_TAG.pointer_type, label: 'p_decl', attrs: [size(8), type('decl')] },
      {
        tag: DW_TAG.structure_type,
        label: 'outer',
        attrs: [name('outer'), size(56)],
        children: [
          member(null, 'anon_u', at(0)),
          member('arr', 'arr2x3', at(4)),
          member('rp', 'rp', at(32)),
          member('fn', 'p_fn', at(40)),
          member('next', 'p_outer', at(48)),
          member('later', 'p_decl', at(48)),
          member('flex', 'flex', at(56)),
          member('zero', 'zero', at(56)),
        ],
      },
      {
        tag: DW_TAG.enumeration_type,
        attrs: [name('e_signed'), size(4), type('int')],
        children: [
          {
            tag: DW_TAG.enumerator,
            attrs: [name('A', DW_FORM.string), [DW_AT.const_value, DW_FORM.sdata, -1]],
          },
          {
            tag: DW_TAG.enumerator,
            attrs: [name('B', DW_FORM.string), [DW_AT.const_value, DW_FORM.data1, 1]],
          },
        ],
      },
      {
        tag: DW_TAG.enumeration_type,
        attrs: [name('e_unsigned'), size(1)],
        children: [
          {
            tag: DW_TAG.enumerator,
            attrs: [name('X', DW_FORM.string), [DW_AT.const_value, DW_FORM.data1, 0xff]],
          },
        ],
      },
      {
        tag: DW_TAG.variable,
        label: 'gvar_decl',
        attrs: [
          name('gvar'),
          type('outer'),
          [DW_AT.declaration, DW_FORM.flag_present],
          [DW_AT.external, DW_FORM.flag_present],
        ],
      },
      { tag: DW_TAG.variable, attrs: [name('pv'), type('p_void')] },
    ],
  };
  const cu2: DieSpec = {
    tag: DW_TAG.compile_unit,
    attrs: [name('two.c')],
    children: [
      base('int2', 'int', 4, 5),
      {
        tag: DW_TAG.structure_type,
        attrs: [name('later'), size(4)],
        children: [member('v', 'int2', at(0))],
      },
      {
        tag: DW_TAG.variable,
        attrs: [
          [DW_AT.specification, DW_FORM.ref_addr, { ref: 'gvar_decl' }],
          [
            DW_AT.location,
            DW_FORM.exprloc,
            Uint8Array.of(DW_OP_addr, 0x40, 0x12, 0, 0x81, 0xff, 0xff, 0xff, 0xff),
          ],
        ],
      },
    ],
  };
  return [
    { version, root: cu1 },
    { version, root: cu2 },
  ];
}

export const T = 0xffffffff81000000n; // .text
export const COLD = 0xffffffff82000000n; // .text.unlikely
const lowHigh = (lo: bigint, len: number): Attr[] => [
  [DW_AT.low_pc, DW_FORM.addr, lo],
  [DW_AT.high_pc, DW_FORM.data4, len],
];

function inlined(
  origin: string,
  lo: bigint,
  len: number,
  file: number,
  line: number,
  children: DieSpec[] = [],
): DieSpec {
  return {
    tag: DW_TAG.inlined_subroutine,
    sibling: children.length > 0,
    attrs: [
      [DW_AT.abstract_origin, DW_FORM.ref4, { ref: origin }],
      ...lowHigh(lo, len),
      [DW_AT.call_file, DW_FORM.data1, file],
      [DW_AT.call_line, DW_FORM.data2, line],
    ],
    children,
  };
}

export function codeUnits(version: 4 | 5): UnitSpec[] {
  // .debug_rnglists in DWARF 5, .debug_ranges before.
  const cuRange: Attr[] = [
    [DW_AT.low_pc, DW_FORM.addr, 0n],
    [
      DW_AT.ranges,
      DW_FORM.sec_offset,
      {
        ranges: [
          [T, T + 0x100n],
          [COLD, COLD + 0x10n],
        ],
      },
    ],
  ];
  const cu1: DieSpec = {
    tag: DW_TAG.compile_unit,
    attrs: [
      sname('src/code.c'),
      [DW_AT.comp_dir, DW_FORM.string, '/build'],
      ...cuRange,
      [DW_AT.stmt_list, DW_FORM.sec_offset, { lineProgram: 0 }],
    ],
    children: [
      {
        tag: DW_TAG.subprogram,
        label: 'inl',
        attrs: [sname('inlined_fn'), [DW_AT.inline, DW_FORM.data1, 3]],
      },
      {
        tag: DW_TAG.subprogram,
        label: 'inner',
        attrs: [sname('inner_inline'), [DW_AT.inline, DW_FORM.data1, 3]],
      },
      {
        tag: DW_TAG.subprogram,
        sibling: true,
        attrs: [sname('outer_fn'), ...lowHigh(T, 0x40)],
        children: [
          { tag: DW_TAG.formal_parameter, attrs: [sname('arg')] },
          {
            tag: DW_TAG.lexical_block,
            sibling: true,
            attrs: lowHigh(T + 0x10n, 0x20),
            children: [inlined('inl', T + 0x18n, 8, 1, 42, [inlined('inner', T + 0x1an, 2, 2, 7)])],
          },
        ],
      },
      {
        tag: DW_TAG.subprogram,
        attrs: [
          sname('split_fn'),
          [
            DW_AT.ranges,
            DW_FORM.sec_offset,
            {
              ranges: [
                [T + 0x40n, T + 0x80n],
                [COLD, COLD + 0x10n],
              ],
            },
          ],
        ],
      },
      // An out-of-line copy of an inline function: named by its abstract origin.
      {
        tag: DW_TAG.subprogram,
        attrs: [
          [DW_AT.abstract_origin, DW_FORM.ref4, { ref: 'inl' }],
          [DW_AT.low_pc, DW_FORM.addr, T + 0x80n],
          [DW_AT.high_pc, DW_FORM.addr, T + 0x90n],
        ],
      },
      {
        tag: DW_TAG.subprogram,
        attrs: [sname('decl_fn'), [DW_AT.declaration, DW_FORM.flag_present]],
      },
      { tag: DW_TAG.subprogram, attrs: [sname('discarded'), ...lowHigh(0n, 0x10)] },
    ],
  };
  const cu2: DieSpec = {
    tag: DW_TAG.compile_unit,
    attrs: [
      sname('other.c'),
      [DW_AT.low_pc, DW_FORM.addr, T + 0x100n],
      [DW_AT.high_pc, DW_FORM.data1, 0x10],
    ],
    children: [
      {
        tag: DW_TAG.subprogram,
        attrs: [
          [DW_AT.abstract_origin, DW_FORM.ref_addr, { ref: 'inl' }],
          [DW_AT.low_pc, DW_FORM.addr, T + 0x100n],
          [DW_AT.high_pc, DW_FORM.data1, 0x10],
        ],
      },
    ],
  };
  return [
    { version, root: cu1 },
    { version, root: cu2 },
  ];
}

export function codeLines(version: 4 | 5): LineProgramSpec {
  const ops: LineOp[] = [
    ['set_address', T],
    ['advance_line', 9],
    ['copy'], // T+0x00 line 10
    ['special', 4, 1], // T+0x04 line 11
    ['set_file', 2],
    ['advance_line', 30],
    ['advance_pc', 20],
    ['copy'], // T+0x18 inl.h:41
    ['special', 0, 1], // T+0x18 inl.h:42 (the last row at an address wins)
    ['set_file', 1],
    ['set_column', 5],
    ['advance_pc', 8],
    ['advance_line', -30],
    ['copy'], // T+0x20 line 12 column 5
    ['negate_stmt'],
    ['const_add_pc'], // +17
    ['copy'], // T+0x31
    ['fixed_advance_pc', 0x0f],
    ['advance_line', 8],
    ['set_discriminator', 3],
    ['unknown_extended'],
    ['negate_stmt'],
    ['copy'], // T+0x40 line 20, a statement
    ['negate_stmt'],
    ['advance_line', 5],
    ['copy'], // T+0x40 line 25, not a statement: gdb keeps line 20
    ['advance_pc', 0x50],
    ['end_sequence'], // ends at T+0x90
    ['set_address', COLD],
    ['advance_line', 99],
    ['copy'],
    ['advance_pc', 0x10],
    ['end_sequence'],
    ['set_address', 0n], // discarded code
    ['copy'],
    ['advance_pc', 4],
    ['end_sequence'],
  ];
  return version >= 5
    ? {
        version,
        dirs: ['/build', 'src', '/usr/include'],
        files: [
          { name: 'code.c', dir: 1 },
          { name: 'code.c', dir: 1 },
          { name: 'inl.h', dir: 2 },
        ],
        ops,
      }
    : {
        version,
        dirs: ['src', '/usr/include'],
        files: [
          { name: 'code.c', dir: 1 },
          { name: 'inl.h', dir: 2 },
        ],
        ops,
      };
}
