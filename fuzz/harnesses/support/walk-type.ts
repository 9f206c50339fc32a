// Touches a type the way the analysis does (lazy getters, sizes, names, members),
// bounded in depth and breadth so that cyclic or huge type graphs stay cheap.
import { sizeOf, typeName } from '../../../src/analysis/debuginfo/type-queries';
import type { TypeSource } from '../../../src/analysis/debuginfo/debug-info';
import type { Type } from '../../../src/analysis/debuginfo/types';
import { tolerateSync } from '../../core/harness';

const MAX_DEPTH = 5;
const MAX_WIDTH = 32;

export function walkType(t: Type, depth = 0): void {
  tolerateSync(() => sizeOf(t));
  tolerateSync(() => typeName(t));
  if (depth >= MAX_DEPTH) return;
  switch (t.kind) {
    case 'struct':
    case 'union':
      for (const m of t.members.slice(0, MAX_WIDTH)) tolerateSync(() => walkType(m.type, depth + 1));
      break;
    case 'enum':
      void t.enumerators.slice(0, MAX_WIDTH).map((e) => e.value);
      break;
    case 'array':
      tolerateSync(() => walkType(t.element, depth + 1));
      break;
    case 'pointer':
    case 'typedef':
    case 'const':
    case 'volatile':
    case 'restrict':
      tolerateSync(() => walkType(t.target, depth + 1));
      break;
    case 'function':
      tolerateSync(() => walkType(t.returnType, depth + 1));
      for (const p of t.params.slice(0, MAX_WIDTH)) tolerateSync(() => walkType(p, depth + 1));
      break;
    default:
      break;
  }
}

/** The lookups the analysis makes of any TypeSource. */
export const KERNEL_TYPES = ['task_struct', 'struct list_head', 'rq', 'int', 'unsigned long', 'pid_type', 'u32', 'struct printk_ringbuffer', 'char *'];

export function queryTypes(src: TypeSource, names: readonly string[] = KERNEL_TYPES): void {
  for (const n of names) {
    const t = tolerateSync(() => src.findType(n));
    if (t) walkType(t);
  }
  for (const v of ['runqueues', 'init_task', 'jiffies_64']) {
    const t = tolerateSync(() => src.findVariableType(v));
    if (t) walkType(t);
  }
  let k = 0;
  for (const n of tolerateSync(() => src.typeNames?.()) ?? []) {
    if (k++ >= MAX_WIDTH) break;
    const t = tolerateSync(() => src.findType(n));
    if (t) walkType(t, MAX_DEPTH - 1);
  }
}
