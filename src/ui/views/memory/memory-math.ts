// Address arithmetic of the hex view: the window of rows around the target address,
// page boundaries, and which 64-bit words look like kernel pointers.

export const ROW_BYTES = 16;
/** The hex view shows this much memory around the target; Earlier/Later move it. */
export const WINDOW_BYTES = 64 * 1024;
const MAX = (1n << 64n) - 1n;

export function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

/** The route's address, or null when it is not a hex number. */
export function parseRouteAddress(s: string | undefined): bigint | null {
  if (!s || !/^(0x)?[0-9a-f]{1,16}$/i.test(s)) return null;
  return BigInt(s.toLowerCase().startsWith('0x') ? s : `0x${s}`);
}

/** First byte of the window around `target`: half a window before it, row-aligned, not below 0. */
export function windowStart(target: bigint): bigint {
  const half = BigInt(WINDOW_BYTES / 2);
  const start = target > half ? target - half : 0n;
  const aligned = start - (start % BigInt(ROW_BYTES));
  return aligned + BigInt(WINDOW_BYTES) - 1n > MAX ? MAX - BigInt(WINDOW_BYTES) + 1n : aligned;
}

export function pageOf(address: bigint, pageSize: number): bigint {
  return address - (address % BigInt(pageSize));
}

/**
 * x86_64 kernel addresses: the canonical upper half (direct map, vmalloc, text, modules),
 * less the last page, where negative error codes and -1 live.
 */
export function isKernelPointer(v: bigint): boolean {
  return v >= 0xffff800000000000n && v < 0xfffffffffffff000n;
}

export function readU64(bytes: Uint8Array, offset: number): bigint | null {
  if (offset + 8 > bytes.length) return null;
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getBigUint64(0, true);
}

export function readUint(bytes: Uint8Array, offset: number, size: number): bigint | null {
  if (offset + size > bytes.length || size > 8 || size <= 0) return null;
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]!);
  return v;
}
