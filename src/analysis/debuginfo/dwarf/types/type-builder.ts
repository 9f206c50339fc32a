// Type DIEs (DWARF 5 §5) turned into the crashlens Type model, lazily: a type is built
// when asked for by DIE offset, and what it references (targets, members, enumerators)
// is parsed on first access. Declarations of struct/union/enum are replaced by a
// definition of the same name from the index, as drgn_dwarf_find_definition does.
import { LookupError } from '../../../errors';
import { sizeOf, stripTypedefs } from '../../type-queries';
import type { Enumerator, Member, Type } from '../../types';
import { DW_AT, DW_ATE, DW_TAG } from '../constants';
import { children, type Die } from '../die';
import { TYPE_ENUM, TYPE_STRUCT, TYPE_UNION } from '../index/abbrev-program';
import type { UnitStore } from '../unit-store';
import { resolveString } from '../unit-bases';
import { constNumber, memberBits } from './member-offset';

const VOID: Type = { kind: 'void', name: 'void' };
const MAX_NESTING = 256;

/** Defines `obj[key]` as a getter that computes the value once. */
function lazy<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = compute();
      Object.defineProperty(obj, key, { value, enumerable: true });
      return value;
    },
  });
}

export class TypeBuilder {
  private readonly cache = new Map<number, Type>();
  /** DIEs being built: a type that reaches itself without a lazy step is corrupt. */
  private readonly building = new Set<number>();

  constructor(private readonly store: UnitStore) {}

  /** The type described by the DIE at section offset `offset`. */
  typeAt(offset: number): Type {
    const hit = this.cache.get(offset);
    if (hit) return hit;
    if (this.building.has(offset) || this.building.size > MAX_NESTING) {
      throw new LookupError(`DWARF type at DIE 0x${offset.toString(16)} refers to itself`);
    }
    this.building.add(offset);
    try {
      const t = this.build(this.store.die(offset));
      this.cache.set(offset, t);
      return t;
    } finally {
      this.building.delete(offset);
    }
  }

  /** The type that attribute `at` (DW_AT_type by default) of `die` refers to; void when absent. */
  referenced(die: Die, at: number = DW_AT.type): Type {
    const v = die.attr(at);
    if (!v) return VOID;
    if (v.kind === 'ref') return this.typeAt(v.offset);
    if (v.kind === 'ref_sig8') {
      const tu = this.store.index.typeUnit(v.signature);
      if (tu?.header.typeOffset === undefined) {
        throw new LookupError(`no type unit with signature 0x${v.signature.toString(16)}`);
      }
      return this.typeAt(tu.header.typeOffset);
    }
    throw new LookupError(
      `type reference of form ${v.kind} at DIE 0x${die.offset.toString(16)} (supplementary files are not read)`,
    );
  }

  name(die: Die): string | null {
    return resolveString(die.attr(DW_AT.name), die.unit, this.store.small);
  }

  private build(die: Die): Type {
    switch (die.tag) {
      case DW_TAG.base_type:
        return this.base(die);
      case DW_TAG.pointer_type:
      case 0x10: // reference_type
      case 0x42: // rvalue_reference_type
        return this.pointer(die);
      case DW_TAG.structure_type:
      case DW_TAG.class_type:
      case DW_TAG.union_type:
        return this.compound(die);
      case DW_TAG.enumeration_type:
        return this.enumeration(die);
      case DW_TAG.array_type:
        return this.array(die);
      case DW_TAG.typedef: {
        const t = { kind: 'typedef', name: this.name(die) ?? '' } as Type & { kind: 'typedef' };
        lazy(t, 'target', () => this.referenced(die));
        return t;
      }
      case DW_TAG.const_type:
      case DW_TAG.volatile_type:
      case DW_TAG.restrict_type: {
        const kind =
          die.tag === DW_TAG.const_type
            ? 'const'
            : die.tag === DW_TAG.volatile_type
              ? 'volatile'
              : 'restrict';
        const t = { kind, name: null } as Type & { kind: 'const' };
        lazy(t, 'target', () => this.referenced(die));
        return t;
      }
      case DW_TAG.subroutine_type:
      case DW_TAG.subprogram:
        return this.func(die);
      case 0x3b: // unspecified_type (void in some producers)
        return VOID;
      default:
        // atomic, packed, shared, immutable… are transparent in this model.
        if (die.has(DW_AT.type)) return this.referenced(die);
        throw new LookupError(
          `DIE 0x${die.offset.toString(16)} (tag 0x${die.tag.toString(16)}) is not a type`,
        );
    }
  }

  private base(die: Die): Type {
    const name = this.name(die) ?? '';
    const size = constNumber(die, DW_AT.byte_size) ?? 0;
    const enc = constNumber(die, DW_AT.encoding);
    switch (enc) {
      case DW_ATE.boolean:
        return { kind: 'bool', name, size };
      case DW_ATE.float:
      case DW_ATE.complex_float:
        return { kind: 'float', name, size };
      default:
        return {
          kind: 'int',
          name,
          size,
          signed: enc === DW_ATE.signed || enc === DW_ATE.signed_char,
        };
    }
  }

  private pointer(die: Die): Type {
    const t = {
      kind: 'pointer',
      name: null,
      size: constNumber(die, DW_AT.byte_size) ?? die.unit.addressSize,
    } as Type & {
      kind: 'pointer';
    };
    lazy(t, 'target', () => this.referenced(die));
    return t;
  }

  /** The definition replacing a declaration `die` of a named struct/union/enum, if indexed. */
  private definition(die: Die, typeKind: number): Type | null {
    if (!die.flag(DW_AT.declaration)) return null;
    const name = this.name(die);
    const def = name === null ? undefined : this.store.index.findType(typeKind, name);
    return def && !def.declaration && def.die !== die.offset ? this.typeAt(def.die) : null;
  }

  private compound(die: Die): Type {
    const kind = die.tag === DW_TAG.union_type ? 'union' : 'struct';
    const def = this.definition(die, kind === 'union' ? TYPE_UNION : TYPE_STRUCT);
    if (def) return def;
    const decl = die.flag(DW_AT.declaration);
    const t = {
      kind,
      name: this.name(die),
      size: decl ? null : (constNumber(die, DW_AT.byte_size) ?? 0),
    } as Type & {
      kind: 'struct';
    };
    lazy(t, 'members', () => (decl ? [] : this.members(die)));
    return t;
  }

  private members(die: Die): Member[] {
    const out: Member[] = [];
    for (const c of children(die)) {
      if (c.tag !== DW_TAG.member) continue;
      const m = { name: this.name(c) } as Member;
      lazy(m, 'type', () => this.referenced(c));
      const bits = memberBits(c, () => {
        try {
          return sizeOf(m.type);
        } catch {
          return null;
        }
      });
      m.bitOffset = bits.bitOffset;
      m.bitSize = bits.bitSize;
      out.push(m);
    }
    return out;
  }

  private enumeration(die: Die): Type {
    const def = this.definition(die, TYPE_ENUM);
    if (def) return def;
    const size = constNumber(die, DW_AT.byte_size) ?? 4;
    // Sign: from the underlying type (DWARF 3+ DW_AT_type), else from the enumerators' forms.
    let signed: boolean | null = null;
    if (die.has(DW_AT.type)) {
      const u = stripTypedefs(this.referenced(die));
      if (u.kind === 'int') signed = u.signed;
    }
    const list: { name: string; raw: bigint; sdata: boolean }[] = [];
    for (const c of children(die)) {
      if (c.tag !== DW_TAG.enumerator) continue;
      const v = c.attr(DW_AT.const_value);
      const raw = v?.kind === 'udata' || v?.kind === 'sdata' ? v.value : 0n;
      list.push({ name: this.name(c) ?? '', raw, sdata: v?.kind === 'sdata' });
    }
    signed ??= list.some((e) => e.sdata && e.raw < 0n);
    const bits = BigInt(size * 8);
    const enumerators: Enumerator[] = list.map((e) => ({
      name: e.name,
      // data1..data8 hold raw bits: sign-extend them for a signed enum.
      value: signed && !e.sdata ? BigInt.asIntN(Number(bits), e.raw) : e.raw,
    }));
    return { kind: 'enum', name: this.name(die), size, signed, enumerators };
  }

  private array(die: Die): Type {
    const dims: (number | null)[] = [];
    for (const c of children(die)) {
      if (c.tag !== DW_TAG.subrange_type && c.tag !== DW_TAG.enumeration_type) continue;
      dims.push(subrangeLength(c));
    }
    if (dims.length === 0) dims.push(null);
    // int a[2][3] is one DIE with two subranges: an array of 2 arrays of 3.
    let inner: Type | null = null;
    for (let i = dims.length - 1; i >= 0; i--) {
      const elem: Type | null = inner;
      const t = { kind: 'array', name: null, length: dims[i]! } as Type & { kind: 'array' };
      if (elem) Object.defineProperty(t, 'element', { value: elem, enumerable: true });
      else lazy(t, 'element', () => this.referenced(die));
      inner = t;
    }
    return inner!;
  }

  private func(die: Die): Type {
    const params: Die[] = [];
    let variadic = false;
    for (const c of children(die)) {
      if (c.tag === DW_TAG.formal_parameter) params.push(c);
      else if (c.tag === DW_TAG.unspecified_parameters) variadic = true;
    }
    const t = { kind: 'function', name: null, variadic } as Type & { kind: 'function' };
    lazy(t, 'returnType', () => this.referenced(die));
    lazy(t, 'params', () => params.map((p) => this.referenced(p)));
    return t;
  }
}

/** Element count of a DW_TAG_subrange_type: DW_AT_count, or upper − lower + 1; null if unknown. */
function subrangeLength(c: Die): number | null {
  const count = constNumber(c, DW_AT.count);
  if (count !== null) return count;
  const ub = c.attr(DW_AT.upper_bound);
  if (!ub || (ub.kind !== 'udata' && ub.kind !== 'sdata')) return null; // flexible, or a VLA bound
  const lower = constNumber(c, DW_AT.lower_bound) ?? 0;
  // GCC writes `T x[0]` as upper bound -1, which data forms hold as all-ones.
  let upper = ub.value;
  if (ub.kind === 'udata' && (upper === 0xffffffffffffffffn || upper === 0xffffffffn)) upper = -1n;
  const n = Number(upper) - lower + 1;
  return n < 0 ? 0 : n;
}
