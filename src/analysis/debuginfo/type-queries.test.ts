import { describe, expect, it } from 'vitest';
import { LookupError } from '../errors';
import {
  hasMember,
  memberAt,
  offsetOf,
  sizeOf,
  stripTypedefs,
  typeName,
  unqualified,
} from './type-queries';
import type { CompoundType, Type } from './types';

const int: Type = { kind: 'int', name: 'int', size: 4, signed: true };
const char: Type = { kind: 'int', name: 'char', size: 1, signed: true };
const ulong: Type = { kind: 'int', name: 'unsigned long', size: 8, signed: false };
const voidT: Type = { kind: 'void', name: 'void' };
const ptr = (target: Type): Type => ({ kind: 'pointer', name: null, size: 8, target });
const arr = (element: Type, length: number | null): Type => ({
  kind: 'array',
  name: null,
  element,
  length,
});
const td = (name: string, target: Type): Type => ({ kind: 'typedef', name, target });
const cnst = (target: Type): Type => ({ kind: 'const', name: null, target });

const list: CompoundType = { kind: 'struct', name: 'list_head', size: 16, members: [] };
(list as { members: unknown }).members = [
  { name: 'next', type: ptr(list), bitOffset: 0, bitSize: null },
  { name: 'prev', type: ptr(list), bitOffset: 64, bitSize: null },
];
const inner: CompoundType = {
  kind: 'struct',
  name: null,
  size: 8,
  members: [
    { name: 'lo', type: int, bitOffset: 0, bitSize: null },
    { name: 'hi', type: int, bitOffset: 32, bitSize: null },
  ],
};
const anon: CompoundType = {
  kind: 'union',
  name: null,
  size: 8,
  members: [
    { name: null, type: inner, bitOffset: 0, bitSize: null },
    { name: 'raw', type: ulong, bitOffset: 0, bitSize: null },
  ],
};
const pid = td('pid_t', int);
const task: CompoundType = {
  kind: 'struct',
  name: 'task_struct',
  size: 200,
  members: [
    { name: '__state', type: cnst(td('u32', int)), bitOffset: 0, bitSize: null },
    { name: 'flag', type: int, bitOffset: 37, bitSize: 3 },
    { name: null, type: anon, bitOffset: 64, bitSize: null },
    { name: 'children', type: arr(list, 4), bitOffset: 128, bitSize: null },
    { name: 'comm', type: arr(char, 16), bitOffset: 640, bitSize: null },
    { name: 'pid', type: pid, bitOffset: 768, bitSize: null },
    { name: 'grid', type: arr(arr(int, 3), 2), bitOffset: 800, bitSize: null },
  ],
};
const fwd: CompoundType = { kind: 'struct', name: 'rq', size: null, members: [] };

describe('type queries', () => {
  it('strips typedefs and qualifiers', () => {
    expect(stripTypedefs(td('a', cnst(td('b', int))))).toBe(int);
    expect(unqualified(cnst(td('b', int)))).toMatchObject({ kind: 'typedef', name: 'b' });
    const loop = { kind: 'typedef', name: 'loop' } as {
      kind: 'typedef';
      name: string;
      target: Type;
    };
    loop.target = loop;
    expect(() => stripTypedefs(loop)).toThrow(LookupError);
  });

  it('computes sizeof', () => {
    expect(sizeOf(td('x', arr(arr(int, 3), 2)))).toBe(24);
    expect(sizeOf(ptr(voidT))).toBe(8);
    expect(sizeOf(task)).toBe(200);
    expect(sizeOf({ kind: 'enum', name: 'e', size: 4, signed: false, enumerators: [] })).toBe(4);
    expect(sizeOf(arr(int, null))).toBe(0);
    expect(() => sizeOf(fwd)).toThrow('struct rq is incomplete: it has no size');
    expect(() => sizeOf(voidT)).toThrow(LookupError);
  });

  it('locates members along paths', () => {
    expect(memberAt(task, 'children[2].prev')).toMatchObject({
      bitOffset: 128 + 2 * 128 + 64,
      bitSize: null,
    });
    expect(memberAt(task, 'hi').bitOffset).toBe(96);
    expect(memberAt(task, 'raw').bitOffset).toBe(64);
    expect(memberAt(task, 'flag')).toMatchObject({ bitOffset: 37, bitSize: 3 });
    expect(memberAt(task, 'grid[1][2]').bitOffset).toBe(800 + (3 + 2) * 32);
    expect(memberAt(task, ' comm [ 0x3 ] ').bitOffset).toBe(640 + 24);
    expect(memberAt(arr(list, 3), '[1].next').bitOffset).toBe(128);
    expect(offsetOf(task, 'pid')).toBe(96);
    expect(offsetOf(task, 'flag')).toBe(4);
    expect(memberAt(task, '').type).toBe(task);
  });

  it('explains a bad path', () => {
    expect(() => memberAt(task, 'nope')).toThrow('struct task_struct has no member nope');
    expect(() => memberAt(task, 'pid.x')).toThrow('pid_t has no members');
    expect(() => memberAt(task, 'pid[1]')).toThrow('pid_t is not an array');
    expect(() => memberAt(task, 'comm pid')).toThrow(/bad member path/);
    expect(() => memberAt(task, 'comm[')).toThrow(/bad member path/);
  });

  it('tests for members', () => {
    expect(hasMember(task, '__state')).toBe(true);
    expect(hasMember(task, 'state')).toBe(false);
    expect(hasMember(td('t', task), 'children[0].next')).toBe(true);
  });

  it('spells types the way C does', () => {
    expect(typeName(ptr(list))).toBe('struct list_head *');
    expect(typeName(arr(char, 16))).toBe('char [16]');
    expect(typeName(ptr(cnst(char)))).toBe('const char *');
    expect(typeName(cnst(ptr(char)))).toBe('char *const');
    expect(typeName(arr(ptr(char), 4))).toBe('char *[4]');
    expect(typeName(ptr(arr(char, 16)))).toBe('char (*)[16]');
    expect(typeName(arr(arr(int, 3), 2))).toBe('int [2][3]');
    expect(typeName(anon)).toBe('union <anonymous>');
    const fn: Type = {
      kind: 'function',
      name: null,
      returnType: voidT,
      params: [],
      variadic: false,
    };
    expect(typeName(ptr(fn))).toBe('void (*)(void)');
    const fn2: Type = {
      kind: 'function',
      name: null,
      returnType: ptr(char),
      params: [int, ptr(voidT)],
      variadic: true,
    };
    expect(typeName(arr(ptr(fn2), 2))).toBe('char *(*[2])(int, void *, ...)');
    expect(typeName(pid)).toBe('pid_t');
    expect(typeName(arr(int, null))).toBe('int []');
  });
});

describe('type queries on cyclic (corrupt) types', () => {
  it('stay bounded', () => {
    const self = {
      kind: 'struct',
      name: null,
      size: 8,
      members: [] as unknown[],
    } as unknown as CompoundType;
    (self as { members: unknown }).members = [
      { name: null, type: self, bitOffset: 0, bitSize: null },
      { name: null, type: self, bitOffset: 8, bitSize: null },
    ];
    expect(hasMember(self, 'x')).toBe(false);
    const fn = { kind: 'function', name: null, variadic: false } as unknown as {
      params: Type[];
      returnType: Type;
    };
    fn.returnType = ptr(fn as unknown as Type);
    fn.params = [
      ptr(fn as unknown as Type),
      ptr(fn as unknown as Type),
      ptr(fn as unknown as Type),
    ];
    expect(typeName(fn as unknown as Type).length).toBeGreaterThan(0);
  });
});
