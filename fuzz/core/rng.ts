// A small deterministic PRNG (mulberry32) and seed mixing: input i of a run is a pure
// function of (run seed, harness, i), so any input can be regenerated from its index.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n) for any safe n (0 when n <= 0). */
  below(n: number): number {
    if (n <= 1) return 0;
    if (n <= 2 ** 32) return Math.floor((this.u32() / 2 ** 32) * n);
    return Math.floor(((this.u32() * 2 ** 21 + (this.u32() >>> 11)) / 2 ** 53) * n);
  }

  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.below(items.length)]!;
  }
}

/** Combines numbers (and strings) into one 32-bit seed (FNV-1a over their 32-bit words). */
export function mixSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5;
  const eat = (w: number) => {
    for (let k = 0; k < 4; k++) {
      h ^= (w >>> (k * 8)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  for (const p of parts) {
    if (typeof p === 'number') {
      eat(p >>> 0);
      eat(Math.floor(p / 2 ** 32) >>> 0);
    } else for (let i = 0; i < p.length; i++) eat(p.charCodeAt(i));
  }
  return h >>> 0;
}
