// A TypeSource over one BTF blob (the kernel's own, from vmlinux .BTF or from memory
// between __start_BTF and __stop_BTF). Names are indexed on first use, per C namespace;
// a complete struct/union wins over a forward declaration of the same name.
// Kernel BTF has VARs only for per-CPU variables (DATASEC .data..percpu): pahole emits no
// other globals, so findVariableType('init_task') is undefined there.
import type { Warning } from '../../errors';
import type { TypeSource } from '../debug-info';
import type { NamedTypeKind, Type } from '../types';
import { BtfKind } from './btf-format';
import { BtfIndex } from './btf-index';
import { BtfTypes } from './btf-types';

type Namespace = NamedTypeKind | 'var';

interface Names {
  byKind: Record<Namespace, Map<string, number>>;
}

const TAG = /^\s*(struct|union|enum)\s+/;

export class BtfTypeSource implements TypeSource {
  readonly kind = 'btf' as const;
  readonly types: BtfTypes;
  private names: Names | undefined;

  constructor(
    readonly index: BtfIndex,
    pointerSize = 8,
  ) {
    this.types = new BtfTypes(index, pointerSize);
  }

  /** Indexes a raw BTF blob. `base`: its file offset or address, for error messages. */
  static parse(blob: Uint8Array, source: string, base = 0, pointerSize = 8): BtfTypeSource {
    return new BtfTypeSource(BtfIndex.parse(blob, source, base), pointerSize);
  }

  get warnings(): Warning[] {
    return this.index.warnings;
  }

  /** Number of type ids, void included. */
  get count(): number {
    return this.index.count;
  }

  type(id: number): Type {
    return this.types.type(id);
  }

  findType(name: string, kind?: NamedTypeKind): Type | undefined {
    const ns = this.indexNames().byKind;
    let stars = 0;
    let base = name.trim();
    while (base.endsWith('*')) {
      stars++;
      base = base.slice(0, -1).trimEnd();
    }
    let found: number | undefined;
    const tag = TAG.exec(base);
    if (tag) {
      found = ns[tag[1] as 'struct' | 'union' | 'enum'].get(base.slice(tag[0].length).trim());
    } else if (kind) {
      found = ns[kind].get(kind === 'base' ? canonicalBaseName(base) : base);
    } else {
      for (const k of ['struct', 'union', 'typedef', 'enum', 'base'] as const) {
        found = ns[k].get(k === 'base' ? canonicalBaseName(base) : base);
        if (found !== undefined) break;
      }
    }
    if (found === undefined) return undefined;
    let t = this.types.type(found);
    for (let i = 0; i < stars; i++)
      t = { kind: 'pointer', name: null, size: this.types.pointerSize, target: t };
    return t;
  }

  findVariableType(name: string): Type | undefined {
    const id = this.indexNames().byKind.var.get(name);
    return id === undefined ? undefined : this.types.type(id);
  }

  *typeNames(): Iterable<string> {
    const ns = this.indexNames().byKind;
    for (const k of ['struct', 'union', 'enum'] as const)
      for (const n of ns[k].keys()) yield `${k} ${n}`;
    for (const n of ns.typedef.keys()) yield n;
    const ix = this.index;
    for (const id of ns.base.values()) yield ix.name(id);
  }

  private indexNames(): Names {
    if (this.names) return this.names;
    const byKind: Names['byKind'] = {
      struct: new Map(),
      union: new Map(),
      enum: new Map(),
      typedef: new Map(),
      base: new Map(),
      var: new Map(),
    };
    const fwd: { struct: Map<string, number>; union: Map<string, number> } = {
      struct: new Map(),
      union: new Map(),
    };
    const ix = this.index;
    const put = (m: Map<string, number>, key: string, id: number) => {
      if (key && !m.has(key)) m.set(key, id);
    };
    for (let id = 1; id < ix.count; id++) {
      const k = ix.kind(id);
      if (ix.nameOff(id) === 0) continue;
      switch (k) {
        case BtfKind.STRUCT:
          put(byKind.struct, ix.name(id), id);
          break;
        case BtfKind.UNION:
          put(byKind.union, ix.name(id), id);
          break;
        case BtfKind.FWD:
          put(ix.kflag(id) ? fwd.union : fwd.struct, ix.name(id), id);
          break;
        case BtfKind.ENUM:
        case BtfKind.ENUM64: {
          // An enum with enumerators wins over an `enum x;` declaration.
          const n = ix.name(id);
          const prev = byKind.enum.get(n);
          if (prev === undefined || (ix.vlen(prev) === 0 && ix.vlen(id) > 0))
            byKind.enum.set(n, id);
          break;
        }
        case BtfKind.TYPEDEF:
          put(byKind.typedef, ix.name(id), id);
          break;
        case BtfKind.INT:
        case BtfKind.FLOAT:
          put(byKind.base, canonicalBaseName(ix.name(id)), id);
          break;
        case BtfKind.VAR:
          put(byKind.var, ix.name(id), id);
          break;
      }
    }
    for (const k of ['struct', 'union'] as const)
      for (const [n, id] of fwd[k]) put(byKind[k], n, id);
    this.names = { byKind };
    return this.names;
  }
}

/**
 * One spelling per C base type, so "unsigned long" finds GCC's "long unsigned int":
 * words sorted, "int" dropped beside a modifier, "signed" dropped except on char.
 */
export function canonicalBaseName(name: string): string {
  let words = name.trim().split(/\s+/);
  if (!words.includes('char')) words = words.filter((w) => w !== 'signed');
  if (words.length > 1) words = words.filter((w) => w !== 'int');
  if (words.length === 0) return 'int';
  return words.sort().join(' ');
}
