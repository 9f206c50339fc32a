import { describe, expect, it } from 'vitest';
import { IntMap } from './int-map';

describe('IntMap', () => {
  it('agrees with a Map over growth, negative and large keys', () => {
    const m = new IntMap();
    const ref = new Map<number, number>();
    let seed = 7;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 48271) % 2147483647;
      const key = (seed % 3 === 0 ? -1 : 1) * (seed % 5 === 0 ? seed * 4096 : seed % 50000);
      m.set(key, i);
      ref.set(key, i);
    }
    for (const [k, v] of ref) expect(m.get(k)).toBe(v);
    expect(m.get(123456789012)).toBe(-1);
  });
});
