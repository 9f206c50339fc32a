// Member offsets and struct sizes for the helpers: VMCOREINFO's OFFSET()/SIZE()/LENGTH()
// lines first (they exist for the printk, page and list structures even with no debug
// info at all), the types (DWARF or BTF) second. Feature detection asks `has()`, never a
// kernel version.
import { MissingDebugInfoError } from '../../errors';
import type { TypeSource } from '../../debuginfo/debug-info';
import type { MemberLocation } from '../../debuginfo/type-queries';
import { hasMember, memberAt, sizeOf } from '../../debuginfo/type-queries';
import type { Type } from '../../debuginfo/types';
import type { VmcoreInfoView } from '../../memory/vmcoreinfo-view';

export class StructLayouts {
  private readonly typeCache = new Map<string, Type | null>();

  constructor(
    readonly vmcoreinfo: VmcoreInfoView | null,
    readonly types: TypeSource | null,
  ) {}

  /** `struct name` (or a typedef such as atomic_long_t), or undefined without types. */
  type(name: string): Type | undefined {
    let t = this.typeCache.get(name);
    if (t === undefined) {
      t = this.types?.findType(name) ?? null;
      this.typeCache.set(name, t);
    }
    return t ?? undefined;
  }

  /** Byte offset of `member` (a path: "text_blk_lpos.begin") in `struct`, if known. */
  tryOffset(struct: string, member: string): number | undefined {
    const v = this.vmcoreinfo?.offset(`${struct}.${member}`);
    if (v !== undefined) return v;
    const loc = this.tryMember(struct, member);
    return loc ? Math.floor(loc.bitOffset / 8) : undefined;
  }

  offset(struct: string, member: string): number {
    const v = this.tryOffset(struct, member);
    if (v === undefined) throw new MissingDebugInfoError(`offset of ${struct}.${member}`);
    return v;
  }

  /** Location with bitfield details, from the types only (VMCOREINFO has no bitfields). */
  tryMember(struct: string, member: string): MemberLocation | undefined {
    const t = this.type(struct);
    if (!t || !hasMember(t, member)) return undefined;
    return memberAt(t, member);
  }

  /** True when the types (or VMCOREINFO) know `struct.member`. */
  has(struct: string, member: string): boolean {
    return this.tryOffset(struct, member) !== undefined;
  }

  trySize(struct: string): number | undefined {
    const v = this.vmcoreinfo?.size(struct);
    if (v !== undefined) return v;
    const t = this.type(struct);
    return t ? sizeOf(t) : undefined;
  }

  size(struct: string): number {
    const v = this.trySize(struct);
    if (v === undefined) throw new MissingDebugInfoError(`size of ${struct}`);
    return v;
  }

  /** Size of `member` of `struct` (types only). */
  tryMemberSize(struct: string, member: string): number | undefined {
    const loc = this.tryMember(struct, member);
    return loc ? sizeOf(loc.type) : undefined;
  }
}
