import { describe, expect, it } from 'vitest';
import { INDEX, sortedPairs } from './sorted-order';

const order = (keys: number[]) => {
  const p = sortedPairs(Float64Array.from(keys));
  return keys.map((_, i) => p[2 * i + INDEX]);
};

describe('sortedPairs', () => {
  it('orders u32 keys stably', () => {
    expect(order([5, 0xffffffff, 5, 0, 7, 5])).toEqual([3, 0, 2, 5, 4, 1]);
  });

  it('orders larger keys stably too', () => {
    expect(order([2 ** 40, 3, 2 ** 40, 2 ** 33])).toEqual([1, 3, 0, 2]);
  });
});
