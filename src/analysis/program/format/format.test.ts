import { describe, expect, it } from 'vitest';
import type { CompoundType, Type } from '../../debuginfo/types';
import { formatRdAscii } from '../commands/rd';
import { formatCString } from './c-string';
import { declaration, formatTypeDefinition } from './format-type';
import { formatValue, type ValueFormatContext } from './format-value';

const int: Type = { kind: 'int', name: 'int', size: 4, signed: true };
const uint: Type = { kind: 'int', name: 'unsigned int', size: 4, signed: false };
const char: Type = { kind: 'int', name: 'char', size: 1, signed: true };
const ptr = (target: Type): Type => ({ kind: 'pointer', name: null, size: 8, target });
const fn: Type = { kind: 'function', name: null, returnType: int, params: [ptr({ kind: 'void', name: 'void' })], variadic: false };

const s: CompoundType = {
  kind: 'struct',
  name: 's',
  size: 40,
  members: [
    { name: 'a', type: int, bitOffset: 0, bitSize: null },
    { name: 'lo', type: uint, bitOffset: 32, bitSize: 3 },
    { name: 'hi', type: int, bitOffset: 35, bitSize: 5 },
    {
      name: null,
      type: {
        kind: 'union',
        name: null,
        size: 8,
        members: [
          { name: 'p', type: ptr(char), bitOffset: 0, bitSize: null },
          { name: 'fn', type: ptr(fn), bitOffset: 0, bitSize: null },
        ],
      },
      bitOffset: 64,
      bitSize: null,
    },
    { name: 'name', type: { kind: 'array', name: null, element: char, length: 8 }, bitOffset: 128, bitSize: null },
    { name: 'v', type: { kind: 'array', name: null, element: int, length: 4 }, bitOffset: 192, bitSize: null },
  ],
};

describe('gdb/crash formatting', () => {
  it('prints char arrays as crash does: trailing NUL dropped, octal escapes, no repeats', () => {
    const comm = new Uint8Array(16);
    comm.set(new TextEncoder().encode('init'));
    expect(formatCString(comm, true)).toBe(`"init${'\\000'.repeat(11)}"`);
    expect(formatCString(Uint8Array.of(0x41, 0x22, 0x0a, 0x7f), false)).toBe('"A\\"\\n\\177"');
    expect(formatCString(new Uint8Array(300).fill(0x61), false)).toBe(`"${'a'.repeat(256)}"...`);
  });

  it('spells member declarations', () => {
    expect(declaration(ptr(char), 'p')).toBe('char *p');
    expect(declaration({ kind: 'array', name: null, element: char, length: 16 }, 'comm')).toBe('char comm[16]');
    expect(declaration(ptr(fn), 'fn')).toBe('int (*fn)(void *)');
    expect(declaration({ kind: 'array', name: null, element: ptr(int), length: 2 }, 'x')).toBe('int *x[2]');
  });

  it('prints a definition with offsets, anonymous unions expanded, bitfields', () => {
    expect(formatTypeDefinition(s)).toEqual([
      'struct s {',
      '   [0] int a;',
      '   [4] unsigned int lo : 3;',
      '   [4] int hi : 5;',
      '       union {',
      '   [8]     char *p;',
      '   [8]     int (*fn)(void *);',
      '       };',
      '  [16] char name[8];',
      '  [24] int v[4];',
      '}',
      'SIZE: 40',
    ]);
    expect(formatTypeDefinition(s, ['name'])).toEqual(['struct s {', '  [16] char name[8];', '}']);
  });

  it('prints values the way crash prints a struct', async () => {
    const bytes = new Uint8Array(40);
    const dv = new DataView(bytes.buffer);
    dv.setInt32(0, -5, true);
    dv.setUint8(4, 0b10110_101); // lo = 5, hi = 0b10110 = -10
    dv.setBigUint64(8, 0xffffffff81000010n, true);
    bytes.set(new TextEncoder().encode('abc'), 16);
    [1, 2, 3, 4].forEach((v, i) => dv.setInt32(24 + i * 4, v, true));
    const ctx: ValueFormatContext = {
      symbolize: (a) =>
        a >= 0xffffffff81000000n
          ? { symbol: { name: 'start_kernel', address: 0xffffffff81000000n, size: 0x100n, type: 'function', binding: 'global' }, offset: a - 0xffffffff81000000n }
          : undefined,
      read: () => Promise.reject(new Error('no memory')),
    };
    const text = await formatValue(ctx, s, bytes, { byte: 0 }, 0);
    expect(text.split('\n')).toEqual([
      '{',
      '  a = -5,',
      '  lo = 5,',
      '  hi = -10,',
      '  {',
      '    p = 0xffffffff81000010 <start_kernel+16>,',
      '    fn = 0xffffffff81000010 <start_kernel+16>',
      '  },',
      '  name = "abc\\000\\000\\000\\000",',
      '  v = {1, 2, 3, 4}',
      '}',
    ]);
  });

  it("lays out rd -a like crash's display_memory", () => {
    const text = new TextEncoder().encode(`${'x'.repeat(70)}\n`);
    expect(formatRdAscii(0xffffffff82000000n, text, true)).toEqual([
      `ffffffff82000000:  ${'x'.repeat(60)}`,
      `ffffffff8200003c:  ${'x'.repeat(10)}`,
    ]);
    // With a count, a non-printable byte starts a new line at the next printable one.
    expect(formatRdAscii(0x1000n, Uint8Array.of(0x41, 0, 0x42, 0x43), false)).toEqual([
      '            1000:  A',
      '            1002:  BC',
    ]);
  });
});
