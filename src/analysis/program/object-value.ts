// Decoding of scalar values and C strings from kernel memory. x86_64 and arm64 kernels
// are little-endian; strings are read page by page so that a string ending just before
// an unreadable page is still read.
import { stripTypedefs } from '../debuginfo/type-queries';
import type { Type } from '../debuginfo/types';
import type { AddressSpace } from '../memory/address-space';

/** Little-endian integer of `bytes.length` bytes, sign-extended when `signed`. */
export function decodeScalar(bytes: Uint8Array, signed: boolean): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return signed ? BigInt.asIntN(bytes.length * 8, v) : v;
}

/** char, signed char, unsigned char (and typedefs of them such as u8/__u8). */
export function isCharType(t: Type): boolean {
  const r = stripTypedefs(t);
  return r.kind === 'int' && r.size === 1 && /char/.test(r.name);
}

const PAGE = 4096n;

/** Bytes at `address` up to the first NUL or `max` bytes, as Latin-1 text. */
export async function readCString(space: AddressSpace, address: bigint, max: number): Promise<string> {
  const out: string[] = [];
  let at = address;
  let left = max;
  while (left > 0) {
    // Never ask past the end of the current page: the next one may not be readable.
    const n = Math.min(left, Number(PAGE - (at % PAGE)));
    const chunk = await space.read(at, n);
    const nul = chunk.indexOf(0);
    const part = nul >= 0 ? chunk.subarray(0, nul) : chunk;
    out.push(latin1(part));
    if (nul >= 0) break;
    at += BigInt(n);
    left -= n;
  }
  return out.join('');
}

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 8192)));
  }
  return s;
}
