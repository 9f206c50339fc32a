// Binary search shared by the ORC tables and the code symbolizers: the rightmost index in
// [first, end) of an ascending array whose value is <= `value` (the kernel's __orc_find
// and kallsyms' nearest-symbol rule), or -1.
export function floorIndex(sorted: ArrayLike<number>, value: number, first = 0, end = sorted.length): number {
  let lo = first;
  let hi = end - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
