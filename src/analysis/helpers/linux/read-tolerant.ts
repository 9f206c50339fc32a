// Bulk reads that survive unreadable pages: a kernel buffer (the printk data ring, an
// array of descriptors) is read in one request, and only when that fails page by page,
// so that one excluded or unmapped page costs the records on it, not the whole buffer.
import { FaultError } from '../../errors';
import type { AddressSpace } from '../../memory/address-space';

export interface UnreadableRange {
  address: bigint;
  length: number;
  cause: string;
}

export interface TolerantRead {
  /** The bytes; unreadable ranges are zero-filled. */
  bytes: Uint8Array;
  unreadable: UnreadableRange[];
  /** True when byte `offset` of `bytes` came from memory. */
  readable(offset: number, length?: number): boolean;
}

const PAGE = 4096n;

export async function readTolerant(
  space: AddressSpace,
  address: bigint,
  length: number,
): Promise<TolerantRead> {
  try {
    return result(await space.read(address, length), [], address);
  } catch (e) {
    if (!(e instanceof FaultError)) throw e;
  }
  const bytes = new Uint8Array(length);
  const unreadable: UnreadableRange[] = [];
  let done = 0;
  while (done < length) {
    const at = address + BigInt(done);
    const n = Math.min(length - done, Number(PAGE - (at % PAGE)));
    try {
      bytes.set(await space.read(at, n), done);
    } catch (e) {
      if (!(e instanceof FaultError)) throw e;
      const last = unreadable[unreadable.length - 1];
      if (last && last.address + BigInt(last.length) === at && last.cause === e.reason) {
        last.length += n;
      } else {
        unreadable.push({ address: at, length: n, cause: e.reason });
      }
    }
    done += n;
  }
  return result(bytes, unreadable, address);
}

function result(bytes: Uint8Array, unreadable: UnreadableRange[], base: bigint): TolerantRead {
  return {
    bytes,
    unreadable,
    readable(offset, length = 1) {
      const lo = base + BigInt(offset);
      const hi = lo + BigInt(length);
      return !unreadable.some((u) => lo < u.address + BigInt(u.length) && u.address < hi);
    },
  };
}
