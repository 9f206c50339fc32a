// Stable sorting permutations of u32 keys by the engine's native sort: key and index are
// the high and low halves of one u64, written through a Uint32Array view, so a
// comparator-free BigUint64Array sort orders the keys and breaks ties by index without
// one BigInt or comparator call per element.

/** Which u32 of a u64 holds its low half (0 on little-endian hosts). */
export const LOW = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/** Pairs for sortPairs: pair i is [2i + KEY] = key, [2i + INDEX] = i. */
export const KEY = HIGH;
export const INDEX = LOW;

/** Sorts the (key, index) pairs of `pairs` (2 u32 per pair) by key, then index. */
export function sortPairs(pairs: Uint32Array): void {
  new BigUint64Array(pairs.buffer, pairs.byteOffset, pairs.length >> 1).sort();
}

/**
 * Indices 0..n-1 of `keys` (non-negative integers) in ascending key order; equal keys
 * keep their index order. Returns pairs (see sortPairs) whose INDEX halves hold them.
 */
export function sortedPairs(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const pairs = new Uint32Array(2 * n);
  let fits = true;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (k > 0xffffffff) fits = false;
    pairs[2 * i + KEY] = k;
    pairs[2 * i + INDEX] = i;
  }
  if (fits) sortPairs(pairs);
  else {
    const order = Array.from(keys.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
    for (let i = 0; i < n; i++) pairs[2 * i + INDEX] = order[i]!;
  }
  return pairs;
}
