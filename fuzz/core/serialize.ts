// The on-disk form of an input (fuzz/regressions/<harness>/<hash>.bin): a single dense
// file is stored as its raw bytes; anything else (sparse, several files) as a container:
//   "CLFUZZ\0\1", u32 file count, then per file: u16 name length, name (UTF-8),
//   u64 size, u32 extent count, per extent: u64 offset, u32 length, bytes. Little endian.
import { createHash } from 'node:crypto';
import { concat } from '../../src/analysis/formats/test-support/elf-writer';
import { denseInput, isDense, type FuzzInput, type SparseFile } from './fuzz-input';

const MAGIC = Uint8Array.from([0x43, 0x4c, 0x46, 0x55, 0x5a, 0x5a, 0x00, 0x01]);
const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeInput(input: FuzzInput): Uint8Array {
  if (input.files.length === 1 && isDense(input.files[0]!) && !startsWithMagic(input.files[0]!.extents[0]?.data)) {
    return input.files[0]!.extents[0]?.data ?? new Uint8Array(0);
  }
  const parts: Uint8Array[] = [MAGIC, u32(input.files.length)];
  for (const f of input.files) {
    const name = enc.encode(f.name);
    parts.push(u16(name.length), name, u64(f.size), u32(f.extents.length));
    for (const e of f.extents) parts.push(u64(e.offset), u32(e.data.length), e.data);
  }
  return concat(parts);
}

/** Decodes a saved input; `name` names a raw single file. */
export function decodeInput(bytes: Uint8Array, label: string, name = 'input'): FuzzInput {
  if (!startsWithMagic(bytes)) return denseInput(label, name, bytes);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = MAGIC.length;
  const files: SparseFile[] = [];
  const n = v.getUint32(pos, true);
  pos += 4;
  for (let i = 0; i < n; i++) {
    const nameLen = v.getUint16(pos, true);
    const fname = dec.decode(bytes.subarray(pos + 2, pos + 2 + nameLen));
    pos += 2 + nameLen;
    const size = Number(v.getBigUint64(pos, true));
    const count = v.getUint32(pos + 8, true);
    pos += 12;
    const extents = [];
    for (let k = 0; k < count; k++) {
      const offset = Number(v.getBigUint64(pos, true));
      const len = v.getUint32(pos + 8, true);
      pos += 12;
      extents.push({ offset, data: bytes.slice(pos, pos + len) });
      pos += len;
    }
    files.push({ name: fname, size, extents });
  }
  return { label, files };
}

export function inputHash(encoded: Uint8Array): string {
  return createHash('sha256').update(encoded).digest('hex').slice(0, 16);
}

function startsWithMagic(b: Uint8Array | undefined): boolean {
  return b !== undefined && b.length >= MAGIC.length && MAGIC.every((x, i) => b[i] === x);
}

function u16(v: number): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, true);
  return b;
}
function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}
function u64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
  return b;
}
