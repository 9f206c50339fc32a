// BTF records → the shared Type model, one type at a time and memoized. References
// (pointer targets, members, parameters) are getters, so the 100k-type kernel BTF is
// only decoded where a query walks. Semantics: include/uapi/linux/btf.h and
// Documentation/bpf/btf.rst (member bitfields with and without kind_flag).
import { BadDataError } from '../../errors';
import type { Enumerator, Member, Type } from '../types';
import { BTF_INT_BOOL, BTF_INT_SIGNED, BtfKind } from './btf-format';
import type { BtfIndex } from './btf-index';

const VOID: Type = { kind: 'void', name: 'void' };
/** Bound on chains of transparent records (TYPE_TAG, VAR, FUNC, DECL_TAG). */
const MAX_CHAIN = 64;

export class BtfTypes {
  private readonly cache: (Type | undefined)[] = [];

  constructor(
    readonly index: BtfIndex,
    /** BTF has no pointer size: the target's (8 on 64-bit kernels). */
    readonly pointerSize: number,
  ) {}

  /** The Type of BTF id `id` (0 = void). TYPE_TAG, VAR, FUNC and DECL_TAG resolve to what they refer to. */
  type(id: number): Type {
    id = this.resolve(id);
    if (id === 0) return VOID;
    let t = this.cache[id];
    if (!t) {
      t = this.make(id);
      this.cache[id] = t;
    }
    return t;
  }

  private resolve(id: number): number {
    const ix = this.index;
    for (let n = 0; n < MAX_CHAIN && id !== 0; n++) {
      const k = ix.kind(id);
      if (
        k !== BtfKind.TYPE_TAG &&
        k !== BtfKind.VAR &&
        k !== BtfKind.FUNC &&
        k !== BtfKind.DECL_TAG
      )
        return id;
      id = ix.sizeOrType(id);
    }
    if (id === 0) return 0;
    throw new BadDataError(
      ix.source,
      0,
      `a chain of at most ${MAX_CHAIN} tag/var/func records`,
      `a loop at type ${id}`,
    );
  }

  private make(id: number): Type {
    const ix = this.index;
    // Getters below resolve references lazily through this closure.
    const type = (ref: number) => this.type(ref);
    const membersOf = () => this.members(id);
    const enumeratorsOf = () => this.enumerators(id);
    const name = ix.name(id);
    const ref = ix.sizeOrType(id);
    switch (ix.kind(id)) {
      case BtfKind.INT: {
        const enc = (ix.u32(id, 0) >>> 24) & 0xf;
        if (enc & BTF_INT_BOOL) return { kind: 'bool', name, size: ref };
        return { kind: 'int', name, size: ref, signed: (enc & BTF_INT_SIGNED) !== 0 };
      }
      case BtfKind.FLOAT:
        return { kind: 'float', name, size: ref };
      case BtfKind.PTR:
        return {
          kind: 'pointer',
          name: null,
          size: this.pointerSize,
          get target() {
            return type(ref);
          },
        };
      case BtfKind.ARRAY: {
        const element = ix.u32(id, 0);
        // nelems 0 stands for both `x[]` and `x[0]`; BTF cannot tell them apart.
        return {
          kind: 'array',
          name: null,
          length: ix.u32(id, 2),
          get element() {
            return type(element);
          },
        };
      }
      case BtfKind.STRUCT:
      case BtfKind.UNION: {
        let members: Member[] | undefined;
        return {
          kind: ix.kind(id) === BtfKind.STRUCT ? 'struct' : 'union',
          name: name || null,
          size: ref,
          get members() {
            return (members ??= membersOf());
          },
        };
      }
      case BtfKind.FWD:
        // kind_flag: 0 = struct, 1 = union.
        return {
          kind: ix.kflag(id) ? 'union' : 'struct',
          name: name || null,
          size: null,
          members: [],
        };
      case BtfKind.ENUM:
      case BtfKind.ENUM64: {
        let enumerators: Enumerator[] | undefined;
        return {
          kind: 'enum',
          name: name || null,
          size: ref,
          signed: ix.kflag(id),
          get enumerators() {
            return (enumerators ??= enumeratorsOf());
          },
        };
      }
      case BtfKind.TYPEDEF:
        return {
          kind: 'typedef',
          name,
          get target() {
            return type(ref);
          },
        };
      case BtfKind.CONST:
      case BtfKind.VOLATILE:
      case BtfKind.RESTRICT: {
        const k = ix.kind(id);
        return {
          kind: k === BtfKind.CONST ? 'const' : k === BtfKind.VOLATILE ? 'volatile' : 'restrict',
          name: null,
          get target() {
            return type(ref);
          },
        };
      }
      case BtfKind.FUNC_PROTO: {
        const n = ix.vlen(id);
        // A last parameter with type 0 marks "...".
        const variadic = n > 0 && ix.u32(id, 2 * (n - 1) + 1) === 0;
        let params: Type[] | undefined;
        return {
          kind: 'function',
          name: null,
          variadic,
          get returnType() {
            return type(ref);
          },
          get params() {
            return (params ??= Array.from({ length: variadic ? n - 1 : n }, (_, i) =>
              type(ix.u32(id, 2 * i + 1)),
            ));
          },
        };
      }
      default:
        // DATASEC is a section layout, not a type.
        return VOID;
    }
  }

  /** btf_member {name_off, type, offset}: offset in bits, or with kind_flag bitfield_size << 24 | bit offset. */
  private members(id: number): Member[] {
    const ix = this.index;
    const type = (ref: number) => this.type(ref);
    const kflag = ix.kflag(id);
    const out: Member[] = [];
    for (let i = 0, n = ix.vlen(id); i < n; i++) {
      const nameOff = ix.u32(id, 3 * i);
      const typeId = ix.u32(id, 3 * i + 1);
      const raw = ix.u32(id, 3 * i + 2);
      let bitOffset = kflag ? raw & 0xffffff : raw;
      let bitSize: number | null = kflag ? raw >>> 24 || null : null;
      if (!kflag && typeId !== 0 && ix.kind(typeId) === BtfKind.INT) {
        // Without kind_flag a bitfield is an INT whose BTF_INT_OFFSET/BTF_INT_BITS narrow it.
        const enc = ix.u32(typeId, 0);
        const bits = enc & 0xff;
        const off = (enc >>> 16) & 0xff;
        if (off !== 0 || bits !== ix.sizeOrType(typeId) * 8) {
          bitOffset += off;
          bitSize = bits;
        }
      }
      const memberName = ix.str(nameOff);
      out.push({
        name: memberName || null,
        bitOffset,
        bitSize,
        get type() {
          return type(typeId);
        },
      });
    }
    return out;
  }

  /** btf_enum {name_off, s32 val} or btf_enum64 {name_off, val_lo32, val_hi32}; kind_flag = signed. */
  private enumerators(id: number): Enumerator[] {
    const ix = this.index;
    const signed = ix.kflag(id);
    const wide = ix.kind(id) === BtfKind.ENUM64;
    const out: Enumerator[] = [];
    for (let i = 0, n = ix.vlen(id); i < n; i++) {
      let value: bigint;
      if (wide) {
        const v = (BigInt(ix.u32(id, 3 * i + 2)) << 32n) | BigInt(ix.u32(id, 3 * i + 1));
        value = signed ? BigInt.asIntN(64, v) : v;
      } else {
        value = BigInt(signed ? ix.s32(id, 2 * i + 1) : ix.u32(id, 2 * i + 1));
      }
      out.push({ name: ix.str(ix.u32(id, wide ? 3 * i : 2 * i)), value });
    }
    return out;
  }
}
