import { describe, expect, it } from 'vitest';
import { Cursor, cString } from './cursor';
import { BadDataError } from '../errors';

describe('Cursor', () => {
  it('reads little- and big-endian fields', () => {
    const b = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0x80, 0x12, 0x34]);
    const le = new Cursor(b, 'f');
    expect(le.u32()).toBe(1);
    expect(le.u32()).toBe(0x80000000);
    const be = new Cursor(b.subarray(8), 'f', 8, false);
    expect(be.u16()).toBe(0x1234);
  });

  it('names the source and file offset when bytes run out', () => {
    const c = new Cursor(new Uint8Array(6), 'vmcore', 0x1000);
    c.u32();
    try {
      c.u64('p_offset');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BadDataError);
      expect((e as Error).message).toBe('vmcore, offset 0x1004: expected 8 bytes of p_offset, found only 2 left');
    }
  });

  it('decodes NUL-terminated strings', () => {
    expect(cString(Uint8Array.from([0x61, 0x62, 0, 0x63]))).toBe('ab');
  });
});
