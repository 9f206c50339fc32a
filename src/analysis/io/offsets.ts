// File offsets are JS numbers (exact up to 2^53, i.e. 8 PiB); values that come from
// 64-bit on-disk fields are converted exactly once, here.
import { BadDataError } from '../errors';

export function toOffset(value: bigint, source: string, at: number, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BadDataError(source, at, `${what} within 0..2^53`, `0x${value.toString(16)}`);
  }
  return Number(value);
}
