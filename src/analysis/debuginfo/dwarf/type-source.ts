// TypeSource over the DWARF index: names to DIE offsets from the index, types built
// lazily from the DIEs (types/type-builder.ts).
import type { TypeSource } from '../debug-info';
import type { NamedTypeKind, Type } from '../types';
import { DW_AT } from './constants';
import {
  TYPE_BASE,
  TYPE_ENUM,
  TYPE_STRUCT,
  TYPE_TYPEDEF,
  TYPE_UNION,
} from './index/abbrev-program';
import { TypeBuilder } from './types/type-builder';
import type { UnitStore } from './unit-store';

const KIND_CODES: Record<NamedTypeKind, number> = {
  struct: TYPE_STRUCT,
  union: TYPE_UNION,
  enum: TYPE_ENUM,
  typedef: TYPE_TYPEDEF,
  base: TYPE_BASE,
};

/** Lookup order for a name without a tag (TypeSource.findType). */
const UNTAGGED = [TYPE_STRUCT, TYPE_UNION, TYPE_TYPEDEF, TYPE_ENUM, TYPE_BASE];

/**
 * GCC's spelling of a C integer type name (`unsigned long` → `long unsigned int`), or
 * null when `name` is not one. GCC dwarf2out names base types in this order.
 */
export function gccBaseName(name: string): string | null {
  const words = name.trim().split(/\s+/);
  let longs = 0;
  let short = false;
  let sign: 'signed' | 'unsigned' | null = null;
  let base: 'int' | 'char' | null = null;
  for (const w of words) {
    if (w === 'long') longs++;
    else if (w === 'short') short = true;
    else if (w === 'signed' || w === 'unsigned') {
      if (sign) return null;
      sign = w;
    } else if (w === 'int' || w === 'char') {
      if (base) return null;
      base = w;
    } else return null;
  }
  if (base === 'char') return longs || short ? null : sign ? `${sign} char` : 'char';
  if (longs > 2 || (short && longs)) return null;
  const size = short ? 'short ' : longs === 2 ? 'long long ' : longs === 1 ? 'long ' : '';
  return `${size}${sign === 'unsigned' ? 'unsigned ' : ''}int`;
}

export class DwarfTypeSource implements TypeSource {
  readonly kind = 'dwarf' as const;
  readonly builder: TypeBuilder;

  constructor(private readonly store: UnitStore) {
    this.builder = new TypeBuilder(store);
  }

  findType(name: string, kind?: NamedTypeKind): Type | undefined {
    let bare = name.trim();
    let codes = kind ? [KIND_CODES[kind]] : UNTAGGED;
    const tag = /^(struct|union|enum)\s+(.+)$/.exec(bare);
    if (tag) {
      const tagKind = tag[1] as 'struct' | 'union' | 'enum';
      if (kind && kind !== tagKind) return undefined;
      codes = [KIND_CODES[tagKind]];
      bare = tag[2]!;
    }
    for (const code of codes) {
      const e =
        this.store.index.findType(code, bare) ??
        (code === TYPE_BASE ? this.baseAlias(bare) : undefined);
      if (e) return this.builder.typeAt(e.die);
    }
    return undefined;
  }

  private baseAlias(name: string) {
    const gcc = gccBaseName(name);
    return gcc && gcc !== name ? this.store.index.findType(TYPE_BASE, gcc) : undefined;
  }

  findVariableType(name: string): Type | undefined {
    const e = this.store.index.findVariable(name);
    if (!e) return undefined;
    // A definition may carry only DW_AT_specification (its declaration has the type).
    let die = this.store.die(e.die);
    for (let hops = 0; hops < 4 && !die.has(DW_AT.type); hops++) {
      const spec = die.ref(DW_AT.specification) ?? die.ref(DW_AT.abstract_origin);
      if (spec === null) break;
      die = this.store.die(spec);
    }
    return this.builder.referenced(die);
  }

  *typeNames(): Iterable<string> {
    const prefixes = ['struct ', 'union ', '', 'enum ', ''];
    for (const code of UNTAGGED)
      for (const n of this.store.index.typeNames(code)) yield prefixes[code] + n;
  }
}
