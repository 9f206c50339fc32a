// Writes BTF blobs for tests, record by record (include/uapi/linux/btf.h layouts).
// Each method appends one type and returns its id (ids start at 1; 0 is void).

export interface MemberSpec {
  name: string;
  type: number;
  bitOffset: number;
  /** With kind_flag structs: bitfield width (0 = not a bitfield). */
  bitSize?: number;
}

export class BtfWriter {
  private readonly words: number[] = [];
  private readonly strs: number[] = [0];
  private readonly strIndex = new Map<string, number>([['', 0]]);
  private next = 1;

  str(s: string): number {
    let off = this.strIndex.get(s);
    if (off === undefined) {
      off = this.strs.length;
      for (const b of new TextEncoder().encode(s)) this.strs.push(b);
      this.strs.push(0);
      this.strIndex.set(s, off);
    }
    return off;
  }

  /** Appends a raw record: btf_type fields then u32 data words. */
  record(
    name: string,
    kind: number,
    vlen: number,
    kflag: boolean,
    sizeOrType: number,
    data: number[] = [],
  ): number {
    this.words.push(
      this.str(name),
      ((kflag ? 1 : 0) << 31) | (kind << 24) | vlen,
      sizeOrType,
      ...data,
    );
    return this.next++;
  }

  int(
    name: string,
    size: number,
    opts: { signed?: boolean; char?: boolean; bool?: boolean; bits?: number; offset?: number } = {},
  ): number {
    const enc = (opts.signed ? 1 : 0) | (opts.char ? 2 : 0) | (opts.bool ? 4 : 0);
    return this.record(name, 1, 0, false, size, [
      (enc << 24) | ((opts.offset ?? 0) << 16) | (opts.bits ?? size * 8),
    ]);
  }
  ptr(target: number): number {
    return this.record('', 2, 0, false, target);
  }
  array(element: number, nelems: number, indexType = 0): number {
    return this.record('', 3, 0, false, 0, [element, indexType, nelems]);
  }
  struct(name: string, size: number, members: MemberSpec[], kflag = false, union = false): number {
    const data = members.flatMap((m) => [
      this.str(m.name),
      m.type,
      kflag ? ((m.bitSize ?? 0) << 24) | m.bitOffset : m.bitOffset,
    ]);
    return this.record(name, union ? 5 : 4, members.length, kflag, size, data);
  }
  union(name: string, size: number, members: MemberSpec[], kflag = false): number {
    return this.struct(name, size, members, kflag, true);
  }
  enum(name: string, size: number, values: [string, number][], signed = false): number {
    return this.record(
      name,
      6,
      values.length,
      signed,
      size,
      values.flatMap(([n, v]) => [this.str(n), v | 0]),
    );
  }
  enum64(name: string, size: number, values: [string, bigint][], signed = false): number {
    const data = values.flatMap(([n, v]) => {
      const u = BigInt.asUintN(64, v);
      return [this.str(n), Number(u & 0xffffffffn), Number(u >> 32n)];
    });
    return this.record(name, 19, values.length, signed, size, data);
  }
  fwd(name: string, union = false): number {
    return this.record(name, 7, 0, union, 0);
  }
  typedef(name: string, target: number): number {
    return this.record(name, 8, 0, false, target);
  }
  volatile(target: number): number {
    return this.record('', 9, 0, false, target);
  }
  const(target: number): number {
    return this.record('', 10, 0, false, target);
  }
  restrict(target: number): number {
    return this.record('', 11, 0, false, target);
  }
  func(name: string, proto: number, linkage = 1): number {
    return this.record(name, 12, linkage, false, proto);
  }
  /** Parameters [name, type]; variadic appends the {0, 0} marker. */
  funcProto(ret: number, params: [string, number][], variadic = false): number {
    const all = variadic ? [...params, ['', 0] as [string, number]] : params;
    return this.record(
      '',
      13,
      all.length,
      false,
      ret,
      all.flatMap(([n, t]) => [this.str(n), t]),
    );
  }
  var(name: string, type: number, linkage = 1): number {
    return this.record(name, 14, 0, false, type, [linkage]);
  }
  datasec(name: string, size: number, vars: [number, number, number][]): number {
    return this.record(name, 15, vars.length, false, size, vars.flat());
  }
  float(name: string, size: number): number {
    return this.record(name, 16, 0, false, size);
  }
  declTag(name: string, target: number, componentIdx = -1): number {
    return this.record(name, 17, 0, false, target, [componentIdx >>> 0]);
  }
  typeTag(name: string, target: number): number {
    return this.record(name, 18, 0, false, target);
  }

  /** The blob: 24-byte btf_header, type section, string section. */
  build(littleEndian = true): Uint8Array {
    const typeLen = this.words.length * 4;
    const out = new Uint8Array(24 + typeLen + this.strs.length);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, 0xeb9f, littleEndian);
    out[2] = 1;
    dv.setUint32(4, 24, littleEndian);
    dv.setUint32(8, 0, littleEndian);
    dv.setUint32(12, typeLen, littleEndian);
    dv.setUint32(16, typeLen, littleEndian);
    dv.setUint32(20, this.strs.length, littleEndian);
    this.words.forEach((w, i) => dv.setUint32(24 + 4 * i, w >>> 0, littleEndian));
    out.set(this.strs, 24 + typeLen);
    return out;
  }
}
