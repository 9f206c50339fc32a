import { describe, expect, it } from 'vitest';
import { BadDataError } from '../../errors';
import { BtfWriter } from '../test-support/btf-writer';
import { memberAt, sizeOf, typeName } from '../type-queries';
import type { CompoundType, EnumType, FunctionType } from '../types';
import { BtfTypeSource, canonicalBaseName } from './btf-source';

/** A little kernel: list_head, task_struct with bitfields and anonymous members, per-CPU var. */
function kernel() {
  const w = new BtfWriter();
  const int = w.int('int', 4, { signed: true });
  const uint = w.int('unsigned int', 4);
  const ulong = w.int('long unsigned int', 8);
  const char = w.int('char', 1, { signed: true, char: true });
  const bool = w.int('_Bool', 1, { bool: true });
  const dbl = w.float('double', 8);
  const listFwd = w.fwd('list_head');
  const pList = w.ptr(listFwd);
  const list = w.struct('list_head', 16, [
    { name: 'next', type: pList, bitOffset: 0 },
    { name: 'prev', type: pList, bitOffset: 64 },
  ]);
  const comm = w.array(char, 16, int);
  const u32 = w.typedef('u32', uint);
  const cu32 = w.const(u32);
  const vstate = w.volatile(uint);
  const anonStruct = w.struct('', 8, [
    { name: 'a', type: int, bitOffset: 0 },
    { name: 'b', type: int, bitOffset: 32 },
  ]);
  const anonUnion = w.union('', 8, [
    { name: '', type: anonStruct, bitOffset: 0 },
    { name: 'whole', type: ulong, bitOffset: 0 },
  ]);
  const task = w.struct(
    'task_struct',
    64,
    [
      { name: '__state', type: vstate, bitOffset: 0 },
      { name: 'flags', type: cu32, bitOffset: 32 },
      { name: 'in_execve', type: uint, bitOffset: 64, bitSize: 1 },
      { name: 'in_iowait', type: uint, bitOffset: 65, bitSize: 3 },
      { name: '', type: anonUnion, bitOffset: 128 },
      { name: 'tasks', type: list, bitOffset: 192 },
      { name: 'comm', type: comm, bitOffset: 320 },
      { name: 'on_rq', type: bool, bitOffset: 448 },
      { name: 'load', type: dbl, bitOffset: 456 },
    ],
    true,
  );
  const userTag = w.typeTag('user', char);
  const pUser = w.ptr(userTag);
  const rq = w.struct('rq', 24, [
    { name: 'nr_running', type: uint, bitOffset: 0 },
    { name: 'curr', type: w.ptr(task), bitOffset: 64 },
    { name: 'buf', type: pUser, bitOffset: 128 },
  ]);
  const runqueues = w.var('runqueues', rq);
  w.datasec('.data..percpu', 4096, [[runqueues, 0x100, 24]]);
  const proto = w.funcProto(int, [['fmt', w.ptr(w.const(char))]], true);
  w.func('printk', proto);
  w.declTag('noinline', task, -1);
  const en = w.enum(
    'pid_type',
    4,
    [
      ['PIDTYPE_PID', 0],
      ['PIDTYPE_MAX', 4],
      ['NEG', -1],
    ],
    true,
  );
  w.enum('pid_type', 4, []);
  w.enum('uenum', 4, [['BIG', -1]], false);
  w.enum64(
    'big',
    8,
    [
      ['HUGE', 0xffff_ffff_ffff_fff0n],
      ['NEG', -5n],
    ],
    true,
  );
  w.restrict(w.ptr(int));
  const fn = w.funcProto(w.ptr(char), [['x', int]]);
  const pfn = w.ptr(fn);
  const ops = w.struct('ops', 8, [{ name: 'get', type: pfn, bitOffset: 0 }]);
  w.typedef('ops_t', ops);
  // Legacy bitfields: no kind_flag, the member's INT narrows itself.
  const bits5 = w.int('unsigned int', 4, { bits: 5, offset: 2 });
  w.struct('legacy', 4, [
    { name: 'x', type: bits5, bitOffset: 8 },
    { name: 'y', type: uint, bitOffset: 0 },
  ]);
  w.union('value', 8, [
    { name: 'i', type: int, bitOffset: 0 },
    { name: 'l', type: ulong, bitOffset: 0 },
  ]);
  w.fwd('only_declared', true);
  return { w, ids: { task, list, en, proto } };
}

function load(le = true) {
  return BtfTypeSource.parse(kernel().w.build(le), 'vmlinux .BTF');
}

describe('BtfTypeSource', () => {
  it('decodes base types, pointers, arrays, typedefs and qualifiers', () => {
    const btf = load();
    expect(btf.findType('int')).toEqual({ kind: 'int', name: 'int', size: 4, signed: true });
    expect(btf.findType('unsigned long')).toMatchObject({
      name: 'long unsigned int',
      size: 8,
      signed: false,
    });
    expect(btf.findType('_Bool')).toEqual({ kind: 'bool', name: '_Bool', size: 1 });
    expect(btf.findType('double')).toEqual({ kind: 'float', name: 'double', size: 8 });
    const task = btf.findType('struct task_struct')!;
    expect(typeName(memberAt(task, 'flags').type)).toBe('const u32');
    expect(typeName(memberAt(task, '__state').type)).toBe('volatile unsigned int');
    expect(typeName(memberAt(task, 'comm').type)).toBe('char [16]');
    expect(typeName(memberAt(task, 'tasks.next').type)).toBe('struct list_head *');
    expect(btf.findType('u32')).toMatchObject({
      kind: 'typedef',
      name: 'u32',
      target: { name: 'unsigned int' },
    });
    expect(typeName(btf.findType('struct list_head *')!)).toBe('struct list_head *');
    expect(sizeOf(btf.findType('struct list_head **')!)).toBe(8);
  });

  it('resolves a forward declaration to the complete definition by name', () => {
    const btf = load();
    const list = btf.findType('list_head') as CompoundType;
    expect(list.size).toBe(16);
    // The member points at the FWD record: an incomplete struct of the same name.
    const next = memberAt(list, 'next').type;
    expect(next.kind === 'pointer' && next.target).toMatchObject({
      kind: 'struct',
      name: 'list_head',
      size: null,
    });
    expect(btf.findType('union only_declared')).toEqual({
      kind: 'union',
      name: 'only_declared',
      size: null,
      members: [],
    });
  });

  it('decodes kind_flag bitfields and legacy INT bitfields', () => {
    const btf = load();
    const task = btf.findType('task_struct')!;
    expect(memberAt(task, 'in_execve')).toMatchObject({ bitOffset: 64, bitSize: 1 });
    expect(memberAt(task, 'in_iowait')).toMatchObject({ bitOffset: 65, bitSize: 3 });
    expect(memberAt(task, 'flags')).toMatchObject({ bitOffset: 32, bitSize: null });
    const legacy = btf.findType('struct legacy')!;
    expect(memberAt(legacy, 'x')).toMatchObject({ bitOffset: 10, bitSize: 5 });
    expect(memberAt(legacy, 'y')).toMatchObject({ bitOffset: 0, bitSize: null });
  });

  it('finds members through anonymous unions and structs', () => {
    const task = load().findType('task_struct')!;
    expect(memberAt(task, 'a').bitOffset).toBe(128);
    expect(memberAt(task, 'b').bitOffset).toBe(160);
    expect(memberAt(task, 'whole').bitOffset).toBe(128);
    expect(memberAt(task, 'comm[3]').bitOffset).toBe(320 + 24);
  });

  it('decodes enums with signedness, ENUM64, and prefers the enum with enumerators', () => {
    const btf = load();
    const e = btf.findType('enum pid_type') as EnumType;
    expect(e.signed).toBe(true);
    expect(e.enumerators).toEqual([
      { name: 'PIDTYPE_PID', value: 0n },
      { name: 'PIDTYPE_MAX', value: 4n },
      { name: 'NEG', value: -1n },
    ]);
    expect((btf.findType('uenum') as EnumType).enumerators[0]!.value).toBe(0xffffffffn);
    const big = btf.findType('enum big') as EnumType;
    expect(big.size).toBe(8);
    expect(big.enumerators.map((x) => x.value)).toEqual([-16n, -5n]);
  });

  it('decodes function prototypes, FUNC, VAR/DATASEC, TYPE_TAG and DECL_TAG', () => {
    const btf = load();
    const { proto } = kernel().ids;
    const f = btf.type(proto) as FunctionType;
    expect(f.variadic).toBe(true);
    expect(typeName(f)).toBe('int (const char *, ...)');
    const ops = btf.findType('ops_t')!;
    expect(typeName(memberAt(ops, 'get').type)).toBe('char *(*)(int)');
    expect(btf.findVariableType('runqueues')).toMatchObject({
      kind: 'struct',
      name: 'rq',
      size: 24,
    });
    expect(btf.findVariableType('init_task')).toBeUndefined();
    // TYPE_TAG is transparent.
    expect(typeName(memberAt(btf.findType('rq')!, 'buf').type)).toBe('char *');
    expect(typeName(memberAt(btf.findType('rq')!, 'curr').type)).toBe('struct task_struct *');
    expect(btf.findType('union value')).toMatchObject({ kind: 'union', size: 8 });
    const names = [...btf.typeNames()];
    expect(names).toEqual(
      expect.arrayContaining([
        'struct task_struct',
        'union value',
        'enum pid_type',
        'u32',
        'int',
        'long unsigned int',
      ]),
    );
    // Every id materializes without throwing.
    for (let id = 0; id < btf.count; id++) expect(btf.type(id)).toBeDefined();
  });

  it('reads big-endian BTF', () => {
    const btf = load(false);
    expect(memberAt(btf.findType('task_struct')!, 'in_iowait')).toMatchObject({
      bitOffset: 65,
      bitSize: 3,
    });
    expect((btf.findType('enum big') as EnumType).enumerators[0]!.value).toBe(-16n);
  });

  it('looks names up in C namespace order', () => {
    const w = new BtfWriter();
    const int = w.int('int', 4, { signed: true });
    w.typedef('foo', int);
    w.struct('foo', 4, [{ name: 'x', type: int, bitOffset: 0 }]);
    const btf = BtfTypeSource.parse(w.build(), 'x');
    expect(btf.findType('foo')?.kind).toBe('struct');
    expect(btf.findType('foo', 'typedef')?.kind).toBe('typedef');
    expect(btf.findType('enum foo')).toBeUndefined();
    expect(btf.findType('nothing')).toBeUndefined();
  });
});

describe('BTF robustness', () => {
  it('rejects a bad header with the offset', () => {
    const blob = new BtfWriter().build();
    blob[0] = 0;
    expect(() => BtfTypeSource.parse(blob, 'mem', 0x1000)).toThrow(
      'mem, offset 0x1000: expected BTF magic 0xeb9f, found 0xeb00',
    );
    const ok = new BtfWriter().build();
    new DataView(ok.buffer).setUint32(12, 9999, true);
    expect(() => BtfTypeSource.parse(ok, 'mem')).toThrow(BadDataError);
    expect(() => BtfTypeSource.parse(new Uint8Array(10), 'mem')).toThrow(BadDataError);
  });

  it('keeps the types before an unknown kind or a truncated record, with a warning', () => {
    const w = new BtfWriter();
    const int = w.int('int', 4, { signed: true });
    w.typedef('t', int);
    w.record('weird', 25, 0, false, 0);
    w.typedef('after', int);
    const btf = BtfTypeSource.parse(w.build(), 'mem');
    expect(btf.count).toBe(3);
    expect(btf.findType('t')).toBeDefined();
    expect(btf.findType('after')).toBeUndefined();
    expect(btf.warnings[0]?.code).toBe('BTF_UNKNOWN_KIND');

    const w2 = new BtfWriter();
    w2.int('int', 4);
    w2.record('s', 4, 1000, false, 8); // a struct claiming 1000 members
    const btf2 = BtfTypeSource.parse(w2.build(), 'mem');
    expect(btf2.count).toBe(2);
    expect(btf2.warnings[0]?.code).toBe('BTF_TRUNCATED');
  });

  it('reports dangling type ids and loops when walked, not when loaded', () => {
    const w = new BtfWriter();
    w.ptr(99);
    const a = w.typeTag('a', 3);
    w.typeTag('b', a);
    const btf = BtfTypeSource.parse(w.build(), 'mem');
    const p = btf.type(1);
    if (p.kind !== 'pointer') throw new Error('pointer expected');
    expect(() => p.target).toThrow(/BTF type id 1\.\.3, found 99/);
    expect(() => btf.type(2)).toThrow(/loop/);
  });
});

describe('canonicalBaseName', () => {
  it('maps C spellings of one type together', () => {
    expect(canonicalBaseName('long unsigned int')).toBe(canonicalBaseName('unsigned long'));
    expect(canonicalBaseName('signed int')).toBe('int');
    expect(canonicalBaseName('long long int')).toBe(canonicalBaseName('long long'));
    expect(canonicalBaseName('signed char')).not.toBe(canonicalBaseName('char'));
  });
});
