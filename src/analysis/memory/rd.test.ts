import { describe, expect, it } from 'vitest';
import { formatRd64, rd64 } from './rd';
import { SyntheticMemory } from './test-support/synthetic-memory';
import { PhysicalAddressSpace } from './physical-space';

describe('rd -64', () => {
  it('reads words and lays them out as crash does', async () => {
    const mem = new SyntheticMemory(1n << 30n);
    const words = [0x4000n, 0n, 0n, 0n, 0xffffffffada00000n, 0x0420000200000002n];
    words.forEach((w, i) => mem.writeU64(0xba1aa40n + BigInt(i) * 8n, w));
    const r = await rd64(new PhysicalAddressSpace(mem), 0xba1aa40n, 6);
    expect(r.words).toEqual(words);
    expect(r.space).toBe('physical');
    expect(formatRd64(r)).toEqual([
      '         ba1aa40:  0000000000004000 0000000000000000   .@..............',
      '         ba1aa50:  0000000000000000 0000000000000000   ................',
      '         ba1aa60:  ffffffffada00000 0420000200000002   .............. .',
    ]);
  });

  it('pads a short last line so the ASCII column lines up', () => {
    const lines = formatRd64({
      address: 0xffffffffada1a010n,
      space: 'virtual',
      words: [0xffffffffde000000n],
    });
    expect(lines).toEqual(['ffffffffada1a010:  ffffffffde000000                    ........']);
  });
});
