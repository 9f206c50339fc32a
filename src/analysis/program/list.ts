// The kernel's container_of and list_for_each_entry (include/linux/container_of.h,
// include/linux/list.h) over KObjects. `struct list_head { struct list_head *next, *prev; }`
// (include/linux/types.h): `next` is at offset 0. A circular list ends when `next` comes
// back to the head.
//
// A dump is a snapshot of a kernel that crashed: lists may be half-updated or corrupt.
// The walk stops, with a warning instead of a throw, at a NULL or poisoned pointer, an
// unreadable node, a node seen before (a cycle that does not pass through the head), or
// after `limit` entries.
import { FaultError, errorMessage, type Warning } from '../errors';
import { offsetOf } from '../debuginfo/type-queries';
import type { Type } from '../debuginfo/types';
import { readU64 } from '../memory/address-space';
import type { ObjectContext } from './object-context';
import { KObject } from './object';

/** include/linux/poison.h with x86_64's POISON_POINTER_DELTA (CONFIG_ILLEGAL_POINTER_VALUE 0xdead000000000000). */
export const LIST_POISON1 = 0xdead000000000100n;
export const LIST_POISON2 = 0xdead000000000122n;

/** Default bound on entries: far above any real kernel list, low enough to end a loop. */
export const DEFAULT_LIST_LIMIT = 1 << 20;

export interface ListWalkOptions {
  /** Most entries to yield (DEFAULT_LIST_LIMIT). */
  limit?: number;
  /** Where a walk that stops early says why (default: the context's warnings). */
  warnings?: Warning[];
}

/** How a walk ended: the generator's return value. */
export interface ListWalkResult {
  complete: boolean;
  count: number;
  warning?: Warning;
}

/** `container_of(ptr, type, member)`: the object of `type` whose `member` is at `ptr`. */
export function containerOf(ctx: ObjectContext, ptr: bigint, type: Type | string, member: string): KObject {
  const t = typeof type === 'string' ? ctx.type(type) : type;
  return new KObject(ctx, t, BigInt.asUintN(64, ptr - BigInt(offsetOf(t, member))));
}

function headAddress(head: KObject | bigint): bigint {
  return typeof head === 'bigint' ? head : head.address;
}

/**
 * `list_for_each(pos, head)`: the address of every node after `head`, in list order.
 * Returns how the walk ended.
 */
export async function* listForEach(
  ctx: ObjectContext,
  head: KObject | bigint,
  opts: ListWalkOptions = {},
): AsyncGenerator<bigint, ListWalkResult> {
  const start = headAddress(head);
  const limit = opts.limit ?? DEFAULT_LIST_LIMIT;
  const seen = new Set<bigint>();
  let count = 0;
  const stop = (code: string, message: string): ListWalkResult => {
    const warning = { code, message: `list_head 0x${start.toString(16)}: ${message} after ${count} entries` };
    (opts.warnings ?? ctx.warnings).push(warning);
    return { complete: false, count, warning };
  };
  const readNext = async (node: bigint): Promise<bigint | ListWalkResult> => {
    try {
      return await readU64(ctx.space, node);
    } catch (e) {
      if (!(e instanceof FaultError)) throw e;
      return stop('LIST_FAULT', `cannot read node 0x${node.toString(16)}: ${errorMessage(e)}`);
    }
  };
  // Each node is read before it is yielded: a bad pointer ends the walk, it is not an entry.
  let next = await readNext(start);
  for (;;) {
    if (typeof next !== 'bigint') return next;
    if (next === start) return { complete: true, count };
    if (next === 0n) return stop('LIST_NULL', 'NULL next pointer');
    if (next === LIST_POISON1 || next === LIST_POISON2) {
      return stop('LIST_POISON', `next = LIST_POISON 0x${next.toString(16)} (a deleted entry)`);
    }
    if (seen.has(next)) return stop('LIST_CYCLE', `node 0x${next.toString(16)} comes again (a cycle not through the head)`);
    if (count >= limit) return stop('LIST_TOO_LONG', `more than ${limit} entries`);
    const node = next;
    next = await readNext(node);
    if (typeof next !== 'bigint') return next;
    seen.add(node);
    count++;
    yield node;
  }
}

/**
 * `list_for_each_entry(pos, head, member)`: each `type` object whose `member` list_head
 * is on the list starting at `head`. A node that cannot be read ends the walk with a
 * warning (see ListWalkResult).
 */
export async function* listForEachEntry(
  ctx: ObjectContext,
  head: KObject | bigint,
  type: Type | string,
  member: string,
  opts: ListWalkOptions = {},
): AsyncGenerator<KObject, ListWalkResult> {
  const t = typeof type === 'string' ? ctx.type(type) : type;
  const offset = BigInt(offsetOf(t, member));
  const walk = listForEach(ctx, head, opts);
  for (;;) {
    const r = await walk.next();
    if (r.done) return r.value;
    yield new KObject(ctx, t, BigInt.asUintN(64, r.value - offset));
  }
}
