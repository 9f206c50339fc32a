import { describe, expect, it } from 'vitest';
import { LookupError, type Warning } from '../errors';
import type { CompoundType, Type } from '../debuginfo/types';
import { containerOf, LIST_POISON1, listForEachEntry, type ListWalkResult } from './list';
import { KObject } from './object';
import type { ObjectContext } from './object-context';
import { SparseSpace } from './test-support/sparse-space';

const int: Type = { kind: 'int', name: 'int', size: 4, signed: true };
const uint: Type = { kind: 'int', name: 'unsigned int', size: 4, signed: false };
const char: Type = { kind: 'int', name: 'char', size: 1, signed: true };
const u64: Type = { kind: 'typedef', name: 'u64', target: { kind: 'int', name: 'unsigned long long', size: 8, signed: false } };
const ptr = (target: Type): Type => ({ kind: 'pointer', name: null, size: 8, target });
const arr = (element: Type, length: number | null): Type => ({ kind: 'array', name: null, element, length });

const listHead: CompoundType = { kind: 'struct', name: 'list_head', size: 16, members: [] };
(listHead as { members: unknown }).members = [
  { name: 'next', type: ptr(listHead), bitOffset: 0, bitSize: null },
  { name: 'prev', type: ptr(listHead), bitOffset: 64, bitSize: null },
];
const state: Type = {
  kind: 'enum',
  name: 'state',
  size: 4,
  signed: true,
  enumerators: [
    { name: 'RUNNING', value: 0n },
    { name: 'SLEEPING', value: 1n },
    { name: 'DEAD', value: -1n },
  ],
};
const halves: CompoundType = {
  kind: 'struct',
  name: null,
  size: 8,
  members: [
    { name: 'lo', type: int, bitOffset: 0, bitSize: null },
    { name: 'hi', type: int, bitOffset: 32, bitSize: null },
  ],
};
const raw: CompoundType = {
  kind: 'union',
  name: null,
  size: 8,
  members: [
    { name: 'raw', type: u64, bitOffset: 0, bitSize: null },
    { name: null, type: halves, bitOffset: 0, bitSize: null },
  ],
};
const item: CompoundType = {
  kind: 'struct',
  name: 'item',
  size: 64,
  members: [
    { name: 'id', type: int, bitOffset: 0, bitSize: null },
    { name: 'a', type: uint, bitOffset: 32, bitSize: 3 },
    { name: 'b', type: int, bitOffset: 35, bitSize: 5 },
    { name: 'c', type: uint, bitOffset: 44, bitSize: 12 },
    { name: 'name', type: arr(char, 16), bitOffset: 64, bitSize: null },
    { name: 'node', type: listHead, bitOffset: 192, bitSize: null },
    { name: 'st', type: state, bitOffset: 320, bitSize: null },
    { name: null, type: raw, bitOffset: 384, bitSize: null },
    { name: 'label', type: ptr({ kind: 'const', name: null, target: char }), bitOffset: 448, bitSize: null },
  ],
};

function context(): ObjectContext & { space: SparseSpace } {
  const types: Record<string, Type> = { 'struct item': item, 'struct list_head': listHead };
  return {
    space: new SparseSpace(),
    warnings: [],
    type(name) {
      const t = types[name];
      if (!t) throw new LookupError(`no type ${name}`);
      return t;
    },
  };
}

/** Writes items at `addrs` whose node.next pointers follow `next` (an address or the head). */
function writeItem(ctx: ReturnType<typeof context>, at: bigint, id: number, name: string): void {
  ctx.space.write(at, new Uint8Array(64));
  ctx.space.writeU32(at, id);
  ctx.space.writeString(at + 8n, name);
}

async function collect(gen: AsyncGenerator<KObject, ListWalkResult>): Promise<{ ids: bigint[]; end: ListWalkResult }> {
  const ids: bigint[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { ids, end: r.value };
    ids.push(await r.value.member('id').value());
  }
}

describe('KObject', () => {
  it('reads members, anonymous union members, enums and strings lazily', async () => {
    const ctx = context();
    const at = 0xffff888000001000n;
    writeItem(ctx, at, -7, 'swapper/0');
    ctx.space.writeU32(at + 40n, 0xffffffff);
    ctx.space.writeU64(at + 48n, 0x0000000500000003n);
    ctx.space.writeU64(at + 56n, 0xffff888000002000n);
    ctx.space.writeString(0xffff888000002000n, 'label text');
    const o = new KObject(ctx, item, at);
    expect(await o.member('id').value()).toBe(-7n);
    expect(await o.member('name').string()).toBe('swapper/0');
    expect(await o.member('name[1]').value()).toBe(BigInt('w'.charCodeAt(0)));
    expect(o.member('name').index(2).address).toBe(at + 10n);
    expect(await o.member('st').value()).toBe(-1n);
    expect(await o.member('st').enumName()).toBe('DEAD');
    expect(await o.member('raw').value()).toBe(0x500000003n);
    expect(await o.member('hi').value()).toBe(5n);
    expect(await o.member('label').string()).toBe('label text');
    expect(o.member('node.prev').address).toBe(at + 32n);
    expect(o.member('node').typeName).toBe('struct list_head');
    expect(o.describe()).toBe(`(struct item)0x${at.toString(16)}`);
    expect(() => o.member('nope')).toThrow(LookupError);
    expect(() => o.member('label').member('x')).toThrow(/pointer: deref/);
  });

  it('extracts bitfields, signed and unsigned, across byte boundaries', async () => {
    const ctx = context();
    const at = 0xffff888000003000n;
    writeItem(ctx, at, 1, 'x');
    // a = 5 (bits 32..34), b = -3 (bits 35..39), c = 0xabc (bits 44..55)
    const word = (5n << 32n) | (BigInt.asUintN(5, -3n) << 35n) | (0xabcn << 44n) | 1n;
    ctx.space.writeU64(at, word);
    const o = new KObject(ctx, item, at);
    expect(await o.member('a').value()).toBe(5n);
    expect(await o.member('b').value()).toBe(-3n);
    expect(await o.member('c').value()).toBe(0xabcn);
    expect(o.member('c').bitField).toEqual({ bitOffset: 4, bitSize: 12 });
    await expect(o.member('c').bytes()).rejects.toThrow(LookupError);
  });

  it('indexes arrays and pointers, derefs and follows ->', async () => {
    const ctx = context();
    const a = 0xffff888000004000n;
    const b = 0xffff888000004040n;
    writeItem(ctx, a, 1, 'first');
    writeItem(ctx, b, 2, 'second');
    ctx.space.writeU64(a + 24n, b + 24n); // a.node.next = &b.node
    ctx.space.writeU64(b + 32n, a + 24n); // b.node.prev = &a.node
    const o = new KObject(ctx, item, a);
    const next = await o.member('node.next').deref();
    expect(next.address).toBe(b + 24n);
    expect((await o.follow('node.next->prev')).address).toBe(b + 32n);
    expect(await (await o.follow('node.next->prev')).value()).toBe(a + 24n);
    const arrObj = new KObject(ctx, arr(item, null), a);
    expect(await arrObj.index(1).member('name').string()).toBe('second');
    expect(await arrObj.value()).toBe(a);
    const p = new KObject(ctx, ptr(item), 0xffff888000005000n);
    ctx.space.writeU64(p.address, a);
    expect(await (await p.at(1)).member('id').value()).toBe(2n);
    expect(containerOf(ctx, b + 24n, 'struct item', 'node').address).toBe(b);
  });

  it('faults name the unreadable address', async () => {
    const ctx = context();
    const o = new KObject(ctx, item, 0xffff888000100000n);
    await expect(o.member('id').value()).rejects.toMatchObject({ code: 'FAULT', address: 0xffff888000100000n });
  });
});

describe('listForEachEntry', () => {
  const head = 0xffff888000010000n;
  const node = (i: number) => 0xffff888000020000n + BigInt(i) * 0x40n;

  /** A list head → items[order[0]] → … ; `last` is what the final next holds. */
  function build(order: number[], last: bigint): ReturnType<typeof context> {
    const ctx = context();
    ctx.space.write(head, new Uint8Array(16));
    for (let i = 0; i < 6; i++) writeItem(ctx, node(i), i, `item${i}`);
    const links = [head, ...order.map((i) => node(i) + 24n)];
    for (let k = 0; k < links.length; k++) {
      ctx.space.writeU64(links[k]!, k + 1 < links.length ? links[k + 1]! : last);
    }
    return ctx;
  }

  it('walks a circular list back to the head', async () => {
    const ctx = build([3, 1, 4], head);
    const { ids, end } = await collect(listForEachEntry(ctx, head, 'struct item', 'node'));
    expect(ids).toEqual([3n, 1n, 4n]);
    expect(end).toEqual({ complete: true, count: 3 });
    expect(ctx.warnings).toEqual([]);
  });

  it('an empty list yields nothing', async () => {
    const ctx = build([], head);
    expect((await collect(listForEachEntry(ctx, head, item, 'node'))).ids).toEqual([]);
  });

  it('stops at a cycle that misses the head, with a warning', async () => {
    const ctx = build([0, 1, 2], node(1) + 24n);
    const { ids, end } = await collect(listForEachEntry(ctx, head, 'struct item', 'node'));
    expect(ids).toEqual([0n, 1n, 2n]);
    expect(end.complete).toBe(false);
    expect(end.warning?.code).toBe('LIST_CYCLE');
    expect(ctx.warnings.map((w) => w.code)).toEqual(['LIST_CYCLE']);
  });

  it('stops at a bad pointer, a NULL and a poisoned next, without throwing', async () => {
    for (const [bad, code] of [
      [0xffff888077770000n, 'LIST_FAULT'],
      [0n, 'LIST_NULL'],
      [LIST_POISON1, 'LIST_POISON'],
    ] as const) {
      const ctx = build([5, 2], bad);
      const warnings: Warning[] = [];
      const { ids, end } = await collect(listForEachEntry(ctx, head, 'struct item', 'node', { warnings }));
      expect(ids, code).toEqual([5n, 2n]);
      expect(end.warning?.code, code).toBe(code);
      expect(warnings.length).toBe(1);
      expect(ctx.warnings).toEqual([]);
    }
  });

  it('a pointer to an unreadable node ends the walk before that node', async () => {
    const ctx = build([0], head);
    ctx.space.writeU64(node(0) + 24n, 0xffff888099990018n);
    const walk = listForEachEntry(ctx, head, 'struct item', 'node');
    const addrs: bigint[] = [];
    let r = await walk.next();
    while (!r.done) {
      addrs.push(r.value.address);
      r = await walk.next();
    }
    expect(addrs).toEqual([node(0)]);
    expect(r.value.warning?.code).toBe('LIST_FAULT');
  });

  it('bounds the walk', async () => {
    const ctx = build([0, 1, 2, 3, 4, 5], head);
    const { ids, end } = await collect(listForEachEntry(ctx, head, 'struct item', 'node', { limit: 4 }));
    expect(ids).toEqual([0n, 1n, 2n, 3n]);
    expect(end.warning?.code).toBe('LIST_TOO_LONG');
  });
});
