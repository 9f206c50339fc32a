// A random-access, read-only view of a file. Nothing in crashlens reads a dump or a
// vmlinux whole: every parser asks for the ranges it needs.
import { BadDataError } from '../errors';

export interface ByteSource {
  /** File name as the user knows it; used in every error message. */
  readonly name: string;
  readonly size: number;
  /**
   * Reads `length` bytes at `offset`. Returns fewer bytes only when the range runs past
   * the end of the source. The returned array must not be modified by the caller.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases the underlying file, when there is one. Idempotent. */
  close?(): Promise<void>;
}

/** Reads exactly `length` bytes or throws a BadDataError naming the truncation. */
export async function readExact(
  src: ByteSource,
  offset: number,
  length: number,
  what: string,
): Promise<Uint8Array> {
  const buf = await src.read(offset, length);
  if (buf.length < length) {
    throw new BadDataError(
      src.name,
      offset,
      `${length} bytes of ${what}`,
      `only ${buf.length} before the end of the file (size ${src.size})`,
    );
  }
  return buf;
}

export function clampLength(size: number, offset: number, length: number): number {
  if (offset >= size || length <= 0) return 0;
  return Math.min(length, size - offset);
}
