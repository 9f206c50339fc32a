// A kernel object in the spirit of drgn's Object: a type plus an address, read lazily.
// Nothing is read until value(), string() or bytes() is asked for; member() and index()
// only do offset arithmetic on the type, deref() and follow('->') read one pointer.
import { LookupError, UnsupportedError } from '../errors';
import { memberAt, sizeOf, stripTypedefs, typeName } from '../debuginfo/type-queries';
import type { Type } from '../debuginfo/types';
import type { ObjectContext } from './object-context';
import { decodeScalar, isCharType, readCString } from './object-value';

/** A bitfield's place: `bitOffset` bits into the byte at the object's address, `bitSize` wide. */
export interface BitField {
  bitOffset: number;
  bitSize: number;
}

export class KObject {
  constructor(
    readonly ctx: ObjectContext,
    readonly type: Type,
    readonly address: bigint,
    readonly bitField: BitField | null = null,
  ) {}

  /** The type with typedefs and qualifiers removed. */
  get realType(): Type {
    return stripTypedefs(this.type);
  }

  get typeName(): string {
    return typeName(this.type);
  }

  sizeOf(): number {
    return sizeOf(this.type);
  }

  /** Same address, another type (`*(struct foo *)&obj`). */
  cast(type: Type | string): KObject {
    return new KObject(this.ctx, typeof type === 'string' ? this.ctx.type(type) : type, this.address);
  }

  /**
   * A member or element along `path` ("tasks.next", "comm[3]", "se.avg"), no pointer
   * followed: anonymous struct/union members are found as C finds them.
   */
  member(path: string): KObject {
    if (this.bitField) throw new LookupError(`${this.describe()} is a bitfield: it has no members`);
    const t = this.realType;
    if (t.kind === 'pointer') {
      throw new LookupError(
        `${this.describe()} is a pointer: deref() it or use follow("->${path}")`,
      );
    }
    const loc = memberAt(this.type, path.startsWith('.') ? path.slice(1) : path);
    const byte = Math.floor(loc.bitOffset / 8);
    const address = BigInt.asUintN(64, this.address + BigInt(byte));
    const bits =
      loc.bitSize !== null ? { bitOffset: loc.bitOffset - byte * 8, bitSize: loc.bitSize } : null;
    return new KObject(this.ctx, loc.type, address, bits);
  }

  /** Element `i` of an array (no bounds check: flexible arrays and `x[0]` idioms are common). */
  index(i: number): KObject {
    const t = this.realType;
    if (t.kind !== 'array') throw new LookupError(`${this.describe()} is not an array; for a pointer use at(${i})`);
    return new KObject(this.ctx, t.element, BigInt.asUintN(64, this.address + BigInt(i * sizeOf(t.element))));
  }

  /** `p[i]` for a pointer or an array. */
  async at(i: number): Promise<KObject> {
    const t = this.realType;
    if (t.kind === 'array') return this.index(i);
    if (t.kind !== 'pointer') throw new LookupError(`${this.describe()} is neither a pointer nor an array`);
    const base = await this.value();
    return new KObject(this.ctx, t.target, BigInt.asUintN(64, base + BigInt(i * sizeOf(t.target))));
  }

  /** `*p`: the object a pointer points to (an array decays to its first element). */
  async deref(): Promise<KObject> {
    const t = this.realType;
    if (t.kind === 'array') return this.index(0);
    if (t.kind !== 'pointer') throw new LookupError(`${this.describe()} is not a pointer`);
    return new KObject(this.ctx, t.target, await this.value());
  }

  /**
   * A C member path that may follow pointers: "mm->pgd", "tasks.next->prev",
   * "parent->comm[0]". Each "->" reads one pointer.
   */
  async follow(path: string): Promise<KObject> {
    let obj = new KObject(this.ctx, this.type, this.address, this.bitField);
    const parts = path.split('->');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!.trim();
      if (i > 0) obj = await obj.deref();
      if (part) obj = obj.member(part);
      else if (i > 0) throw new LookupError(`bad member path "${path}"`);
    }
    return obj;
  }

  /** The raw bytes of the object (sizeof its type). */
  async bytes(): Promise<Uint8Array> {
    if (this.bitField) throw new LookupError(`${this.describe()} is a bitfield: read value()`);
    return this.ctx.space.read(this.address, this.sizeOf());
  }

  /**
   * The value of an integer, bool, enum or pointer (a bitfield is extracted and, when its
   * type is signed, sign-extended), as a bigint. An array gives its address (C decay).
   */
  async value(): Promise<bigint> {
    const t = this.realType;
    if (t.kind === 'array') return this.address;
    if (t.kind === 'float') throw new UnsupportedError(`${this.describe()}: floating-point values are not read`);
    if (t.kind !== 'int' && t.kind !== 'bool' && t.kind !== 'enum' && t.kind !== 'pointer') {
      throw new LookupError(`${this.describe()} is not a scalar`);
    }
    const signed = (t.kind === 'int' || t.kind === 'enum') && t.signed;
    if (this.bitField) {
      const { bitOffset, bitSize } = this.bitField;
      const bytes = await this.ctx.space.read(this.address, Math.ceil((bitOffset + bitSize) / 8));
      let raw = 0n;
      for (let i = bytes.length - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(bytes[i]!);
      const v = (raw >> BigInt(bitOffset)) & ((1n << BigInt(bitSize)) - 1n);
      return signed ? BigInt.asIntN(bitSize, v) : v;
    }
    return decodeScalar(await this.ctx.space.read(this.address, t.size), signed);
  }

  /** Enumerator name of an enum value, or undefined when the value has none. */
  async enumName(): Promise<string | undefined> {
    const t = this.realType;
    if (t.kind !== 'enum') throw new LookupError(`${this.describe()} is not an enum`);
    const v = await this.value();
    return t.enumerators.find((e) => e.value === v)?.name;
  }

  /**
   * A C string: a char array (up to its length or the first NUL) or what a char pointer
   * points to (up to `max` bytes or the first NUL). Bytes are decoded as Latin-1, so every
   * byte value maps to one character.
   */
  async string(max = 4096): Promise<string> {
    const t = this.realType;
    if (t.kind === 'array' && isCharType(t.element)) {
      const n = t.length === null ? max : Math.min(t.length, max);
      return readCString(this.ctx.space, this.address, n);
    }
    if (t.kind === 'pointer' && (isCharType(t.target) || stripTypedefs(t.target).kind === 'void')) {
      return readCString(this.ctx.space, await this.value(), max);
    }
    throw new LookupError(`${this.describe()} is not a char array or char pointer`);
  }

  /** `(type)0xaddress`, as drgn prints an object's identity. */
  describe(): string {
    return `(${this.typeName})0x${this.address.toString(16)}`;
  }

  toString(): string {
    return this.describe();
  }
}
