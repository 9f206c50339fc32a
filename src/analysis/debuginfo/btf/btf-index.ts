// One pass over the BTF type section that records where each type's btf_type starts
// (type IDs are implicit: 1, 2, … in record order; 0 is void), plus accessors to the
// record fields. Nothing is decoded beyond the 12-byte headers until asked.
// Layout: include/uapi/linux/btf.h struct btf_type; tools/lib/bpf/btf.c btf_parse_type_sec.
import { cString } from '../../binary/cursor';
import { BadDataError, type Warning } from '../../errors';
import { parseBtfHeader, trailingSize, type BtfHeader } from './btf-format';

export class BtfIndex {
  /** Byte offset (in the type section) of each type's record; index = type id, [0] unused. */
  readonly offsets: Uint32Array;
  /** Number of type ids, void included: valid ids are 0 … count-1. */
  readonly count: number;
  private readonly types: DataView;
  private readonly strings: Uint8Array;
  /** File/memory offset of the type section, for messages. */
  private readonly typesBase: number;

  private constructor(
    readonly source: string,
    readonly header: BtfHeader,
    blob: Uint8Array,
    base: number,
    readonly warnings: Warning[],
  ) {
    const typeStart = header.hdrLen + header.typeOff;
    const strStart = header.hdrLen + header.strOff;
    this.types = new DataView(blob.buffer, blob.byteOffset + typeStart, header.typeLen);
    this.strings = blob.subarray(strStart, strStart + header.strLen);
    this.typesBase = base + typeStart;
    const max = Math.floor(header.typeLen / 12) + 1;
    const offsets = new Uint32Array(max);
    let id = 1;
    let pos = 0;
    const le = header.littleEndian;
    while (pos < header.typeLen) {
      if (pos + 12 > header.typeLen) {
        this.warn(
          'BTF_TRUNCATED',
          `type ${id} at 0x${(this.typesBase + pos).toString(16)}: record runs past the type section`,
        );
        break;
      }
      const info = this.types.getUint32(pos + 4, le);
      const kind = (info >>> 24) & 0x1f;
      const extra = trailingSize(kind, info & 0xffff);
      if (extra < 0) {
        this.warn(
          'BTF_UNKNOWN_KIND',
          `type ${id} at 0x${(this.typesBase + pos).toString(16)}: unknown BTF kind ${kind}; later types ignored`,
        );
        break;
      }
      if (pos + 12 + extra > header.typeLen) {
        this.warn(
          'BTF_TRUNCATED',
          `type ${id} at 0x${(this.typesBase + pos).toString(16)}: data runs past the type section`,
        );
        break;
      }
      offsets[id++] = pos;
      pos += 12 + extra;
    }
    this.count = id;
    this.offsets = offsets.subarray(0, id);
  }

  /** Indexes a BTF blob (`base` = its file offset or address, for messages). Throws BadDataError on a bad header. */
  static parse(blob: Uint8Array, source: string, base = 0): BtfIndex {
    const header = parseBtfHeader(blob, source, base);
    return new BtfIndex(source, header, blob, base, []);
  }

  private warn(code: string, message: string): void {
    this.warnings.push({ code, message: `${this.source}: ${message}` });
  }

  private at(id: number): number {
    if (!(id > 0 && id < this.count)) {
      throw new BadDataError(
        this.source,
        this.typesBase,
        `BTF type id 1..${this.count - 1}`,
        String(id),
      );
    }
    return this.offsets[id]!;
  }

  kind(id: number): number {
    return (this.types.getUint32(this.at(id) + 4, this.header.littleEndian) >>> 24) & 0x1f;
  }

  vlen(id: number): number {
    return this.types.getUint32(this.at(id) + 4, this.header.littleEndian) & 0xffff;
  }

  kflag(id: number): boolean {
    return this.types.getUint32(this.at(id) + 4, this.header.littleEndian) >>> 31 === 1;
  }

  nameOff(id: number): number {
    return this.types.getUint32(this.at(id), this.header.littleEndian);
  }

  /** size (INT, ENUM, STRUCT, UNION, DATASEC, FLOAT, ENUM64) or referenced type id (the others). */
  sizeOrType(id: number): number {
    return this.types.getUint32(this.at(id) + 8, this.header.littleEndian);
  }

  /** u32 number `i` of the kind-specific data after the btf_type of `id`. */
  u32(id: number, i: number): number {
    return this.types.getUint32(this.at(id) + 12 + 4 * i, this.header.littleEndian);
  }

  s32(id: number, i: number): number {
    return this.types.getInt32(this.at(id) + 12 + 4 * i, this.header.littleEndian);
  }

  name(id: number): string {
    return this.str(this.nameOff(id));
  }

  /** The string at `off` of the string section ("" for 0). */
  str(off: number): string {
    if (off === 0) return '';
    if (off >= this.strings.length) {
      throw new BadDataError(
        this.source,
        this.typesBase,
        `string offset below ${this.strings.length}`,
        String(off),
      );
    }
    return cString(this.strings.subarray(off));
  }
}
