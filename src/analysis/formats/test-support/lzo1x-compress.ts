// A small LZO1X compressor for crafting test dumps (not for production): greedy matches
// found through a 3-byte hash, emitted only as 001LLLLL matches (distance <= 16 KiB),
// literal runs as the first-byte form or 0000LLLL, runs of 1..3 literals in the previous
// match's trailing-literal bits. Its output decodes with any LZO1X decoder.
const MAX_DIST = 16384;

export function lzo1xCompress(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  /** Index in `out` of the low LE16 byte of the last match (its 2 low bits = trailing literals). */
  let lastTrailing = -1;
  const lengthBytes = (base: number, v: number, mask: number) => {
    if (v <= mask) {
      out.push(base | v);
      return;
    }
    out.push(base);
    let r = v - mask;
    while (r > 255) {
      out.push(0);
      r -= 255;
    }
    out.push(r);
  };
  const literals = (from: number, to: number) => {
    const n = to - from;
    if (n === 0) return;
    if (out.length === 0 && n <= 238) out.push(17 + n);
    else if (out.length > 0 && n <= 3) out[lastTrailing]! |= n;
    else lengthBytes(0x00, n - 3, 15);
    for (let i = from; i < to; i++) out.push(src[i]!);
  };
  const table = new Map<number, number>();
  let lit = 0;
  let i = 0;
  while (i + 3 <= src.length) {
    const key = src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16);
    const cand = table.get(key);
    table.set(key, i);
    if (cand !== undefined && i - cand <= MAX_DIST) {
      let len = 0;
      while (i + len < src.length && src[cand + len] === src[i + len]) len++;
      if (len >= 3) {
        literals(lit, i);
        lengthBytes(0x20, len - 2, 31);
        const d = (i - cand - 1) << 2;
        lastTrailing = out.length;
        out.push(d & 0xff, d >> 8);
        i += len;
        lit = i;
        continue;
      }
    }
    i++;
  }
  literals(lit, src.length);
  out.push(0x11, 0x00, 0x00);
  return Uint8Array.from(out);
}
