import { describe, expect, it } from 'vitest';
import { parseAbbrevTable } from './abbrev';
import { withAbbrevWindow, type AbbrevScratch } from './abbrev-window';
import { DW_AT, DW_FORM, DW_TAG } from './constants';
import { MemorySyncReader, type SyncReader } from './sync-reader';

/** `count` tables of `decls` declarations each (code i: a member with i % 7 + 1 attributes). */
function tables(count: number, decls: number): { bytes: Uint8Array; offsets: number[] } {
  const out: number[] = [];
  const offsets: number[] = [];
  for (let t = 0; t < count; t++) {
    offsets.push(out.length);
    for (let code = 1; code <= decls; code++) {
      out.push((code & 0x7f) | 0x80, code >> 7, DW_TAG.member, 0);
      for (let a = 0; a <= (code + t) % 7; a++) out.push(DW_AT.name, DW_FORM.strp);
      out.push(0, 0);
    }
    out.push(0);
  }
  return { bytes: Uint8Array.from(out), offsets };
}

/** A reader over `bytes` that counts its reads. */
function counting(bytes: Uint8Array): SyncReader & { reads: number } {
  const inner = new MemorySyncReader('vmlinux', bytes);
  const r = {
    name: 'vmlinux',
    size: bytes.length,
    reads: 0,
    readSync: (offset: number, length: number) => {
      r.reads++;
      return inner.readSync(offset, length);
    },
    readInto: (offset: number, target: Uint8Array) => {
      r.reads++;
      const b = inner.readSync(offset, target.length);
      target.set(b);
      return b.length;
    },
  };
  return r;
}

describe('withAbbrevWindow', () => {
  it('serves consecutive tables from one window and re-reads a table the window cuts', () => {
    // ~2.2 KB per table (GCC's kernel units average 2.4 KB): 300 tables span 2.6 windows.
    const { bytes, offsets } = tables(300, 200);
    expect(bytes.length).toBeGreaterThan(2 * (256 << 10));
    const reader = counting(bytes);
    const loc = { fileOffset: 0, size: bytes.length };
    const scratch: AbbrevScratch = { bytes: null };
    for (const off of offsets) {
      const t = withAbbrevWindow(
        reader,
        loc,
        'vmlinux',
        off,
        (b, at) => parseAbbrevTable(b, 0, 'vmlinux', at, off),
        scratch,
      );
      const whole = parseAbbrevTable(bytes, off, 'vmlinux', 0);
      expect(t.get(200)).toEqual(whole.get(200));
      expect(t.get(1)).toEqual(whole.get(1));
    }
    // One read per window, plus the retries of tables cut by a window end.
    expect(reader.reads).toBeLessThanOrEqual(3 + 3);
  });

  it('reads a fresh window per table without a scratch, and reports a bad offset', () => {
    const { bytes, offsets } = tables(3, 4);
    const reader = counting(bytes);
    const loc = { fileOffset: 0, size: bytes.length };
    for (const off of offsets)
      withAbbrevWindow(reader, loc, 'vmlinux', off, (b, at) =>
        parseAbbrevTable(b, 0, 'vmlinux', at, off),
      );
    expect(reader.reads).toBe(3);
    expect(() =>
      withAbbrevWindow(reader, loc, 'vmlinux', bytes.length, (b, at) =>
        parseAbbrevTable(b, 0, 'vmlinux', at),
      ),
    ).toThrow(/abbreviation table offset within .debug_abbrev/);
  });
});
