// Concatenation of number arrays (typed or not) into one typed array.

export function concat<T extends Uint32Array | Int32Array | Float64Array>(
  arrays: readonly ArrayLike<number>[],
  ctor: new (n: number) => T,
): T {
  const out = new ctor(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
