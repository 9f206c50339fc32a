// The BTF blob layout, include/uapi/linux/btf.h: struct btf_header (24 bytes, magic
// 0xEB9F, section offsets relative to the end of the header), then a type section of
// struct btf_type records (u32 name_off; u32 info = vlen | kind << 24 | kind_flag << 31;
// u32 size_or_type) each followed by kind-specific data, and a string section.
import { Cursor } from '../../binary/cursor';

export const BTF_MAGIC = 0xeb9f;

/** BTF_KIND_* numbers. */
export const BtfKind = {
  UNKN: 0,
  INT: 1,
  PTR: 2,
  ARRAY: 3,
  STRUCT: 4,
  UNION: 5,
  ENUM: 6,
  FWD: 7,
  TYPEDEF: 8,
  VOLATILE: 9,
  CONST: 10,
  RESTRICT: 11,
  FUNC: 12,
  FUNC_PROTO: 13,
  VAR: 14,
  DATASEC: 15,
  FLOAT: 16,
  DECL_TAG: 17,
  TYPE_TAG: 18,
  ENUM64: 19,
} as const;

/** Bytes of kind-specific data after the 12-byte btf_type, or -1 for an unknown kind. */
export function trailingSize(kind: number, vlen: number): number {
  switch (kind) {
    case BtfKind.INT:
    case BtfKind.VAR:
    case BtfKind.DECL_TAG:
      return 4; // u32 encoding / struct btf_var / struct btf_decl_tag
    case BtfKind.ARRAY:
      return 12; // struct btf_array {type, index_type, nelems}
    case BtfKind.STRUCT:
    case BtfKind.UNION:
    case BtfKind.DATASEC:
    case BtfKind.ENUM64:
      return 12 * vlen; // btf_member / btf_var_secinfo / btf_enum64
    case BtfKind.ENUM:
    case BtfKind.FUNC_PROTO:
      return 8 * vlen; // btf_enum {name_off, s32 val} / btf_param {name_off, type}
    case BtfKind.PTR:
    case BtfKind.FWD:
    case BtfKind.TYPEDEF:
    case BtfKind.VOLATILE:
    case BtfKind.CONST:
    case BtfKind.RESTRICT:
    case BtfKind.FUNC:
    case BtfKind.FLOAT:
    case BtfKind.TYPE_TAG:
      return 0;
    default:
      return -1;
  }
}

/** INT encoding bits (BTF_INT_ENCODING). */
export const BTF_INT_SIGNED = 1;
export const BTF_INT_CHAR = 2;
export const BTF_INT_BOOL = 4;

export interface BtfHeader {
  littleEndian: boolean;
  version: number;
  hdrLen: number;
  typeOff: number;
  typeLen: number;
  strOff: number;
  strLen: number;
}

/** Parses struct btf_header; the magic decides the byte order. Checks both sections lie in the blob. */
export function parseBtfHeader(bytes: Uint8Array, source: string, base = 0): BtfHeader {
  const c = new Cursor(bytes, source, base, true);
  const magic = c.u16('BTF magic');
  let littleEndian = true;
  if (magic !== BTF_MAGIC) {
    if (magic !== 0x9feb) c.fail('BTF magic 0xeb9f', `0x${magic.toString(16)}`, 0);
    littleEndian = false;
    c.littleEndian = false;
  }
  const version = c.u8('BTF version');
  if (version !== 1) c.fail('BTF version 1', String(version), 2);
  c.u8('BTF flags');
  const hdrLen = c.u32('hdr_len');
  if (hdrLen < 24 || hdrLen > bytes.length)
    c.fail('hdr_len between 24 and the blob size', String(hdrLen), 4);
  const typeOff = c.u32('type_off');
  const typeLen = c.u32('type_len');
  const strOff = c.u32('str_off');
  const strLen = c.u32('str_len');
  const body = bytes.length - hdrLen;
  if (typeOff + typeLen > body)
    c.fail(`type section within the ${body} bytes after the header`, `${typeOff}+${typeLen}`, 8);
  if (strOff + strLen > body)
    c.fail(`string section within the ${body} bytes after the header`, `${strOff}+${strLen}`, 16);
  return { littleEndian, version, hdrLen, typeOff, typeLen, strOff, strLen };
}
