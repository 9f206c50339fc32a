import { describe, expect, it } from 'vitest';
import type { TypeSource } from '../debuginfo/debug-info';
import type { Type } from '../debuginfo/types';
import type { Warning } from '../errors';
import { decodeOrcEntry, type OrcFormatVersion } from './orc-entry';
import { detectOrcFormat, formatFromHeader, formatFromTypes } from './orc-format';
import { OrcTable } from './orc-table';
import { writeOrc, type RawOrc } from './test-support/orc-writer';

const BASE = 0xffffffff82000000n; // ip table address
const TEXT = 0xffffffff81000000n;

function table(entries: RawOrc[], version: OrcFormatVersion = 3, extra: Partial<ConstructorParameters<typeof OrcTable>[0]> = {}) {
  const w = writeOrc(BASE, entries, version);
  return new OrcTable({ name: 't', ipTableAddress: BASE, ...w, version, ranges: [{ start: TEXT, end: TEXT + 0x10000n }], ...extra });
}

const call = (ip: bigint, spOffset: number): RawOrc => ({ ip, type: 'call', spReg: 'sp', spOffset });
const term = (ip: bigint): RawOrc => ({ ip, type: 'undefined' });

describe('ORC entry formats', () => {
  const entries: RawOrc[] = [
    { ip: TEXT, type: 'call', spReg: 'sp', spOffset: 8, bpReg: 'undefined' },
    { ip: TEXT + 1n, type: 'call', spReg: 'bp', spOffset: 16, bpReg: 'prev_sp', bpOffset: -16 },
    { ip: TEXT + 2n, type: 'regs', spReg: 'sp', spOffset: 0, signal: true },
    { ip: TEXT + 3n, type: 'regs-partial', spReg: 'sp', spOffset: 8, signal: true },
    { ip: TEXT + 4n, type: 'end-of-stack' },
    { ip: TEXT + 5n, type: 'undefined' },
    { ip: TEXT + 6n, type: 'call', spReg: 'sp_indirect', spOffset: 8 },
    { ip: TEXT + 7n, type: 'call', spReg: 'bp_indirect', spOffset: -8 },
    { ip: TEXT + 8n, type: 'call', spReg: 'r10', spOffset: 0 },
    { ip: TEXT + 9n, type: 'call', spReg: 'r13', spOffset: 0 },
    { ip: TEXT + 10n, type: 'call', spReg: 'di', spOffset: 0 },
    { ip: TEXT + 11n, type: 'call', spReg: 'dx', spOffset: 0 },
  ];
  it.each([1, 2, 3, 4] as const)('format %s round-trips every type and register', (v) => {
    const t = table(entries, v);
    for (const e of entries) {
      const got = t.find(e.ip)!;
      expect(got.type).toBe(e.type);
      if (e.type !== 'undefined' && e.type !== 'end-of-stack') {
        expect([got.spReg, got.spOffset]).toEqual([e.spReg, e.spOffset]);
        expect([got.bpReg, got.bpOffset]).toEqual([e.bpReg ?? 'undefined', e.bpOffset ?? 0]);
      }
    }
    // Format 1 has no signal bit: REGS and REGS_PARTIAL imply it.
    expect(t.find(TEXT + 2n)!.signal).toBe(true);
    expect(t.find(TEXT)!.signal).toBe(false);
  });

  it('decodes the real bit layouts of orc_types.h', () => {
    const view = (flags: number) => {
      const b = new DataView(new ArrayBuffer(6));
      b.setInt16(0, 16, true);
      b.setUint16(4, flags, true);
      return b;
    };
    // 6.1: sp_reg SP (5), bp_reg UNDEFINED, type CALL (0).
    expect(decodeOrcEntry(view(0x0005), 0, 1)).toMatchObject({ spReg: 'sp', type: 'call', spOffset: 16 });
    // 6.1: UNWIND_HINT_EMPTY = sp_reg UNDEFINED with end = 1 (bit 10).
    expect(decodeOrcEntry(view(0x0400), 0, 1)!.type).toBe('end-of-stack');
    // 6.4: type END_OF_STACK (1) in bits 8-10; CALL is 2, REGS 3 with signal (bit 11).
    expect(decodeOrcEntry(view(0x0100), 0, 3)!.type).toBe('end-of-stack');
    expect(decodeOrcEntry(view(0x0b05), 0, 3)).toMatchObject({ type: 'regs', signal: true });
    // 7.1 renumbered the registers: 3 is SP (it was DI).
    expect(decodeOrcEntry(view(0x0203), 0, 4)!.spReg).toBe('sp');
    expect(decodeOrcEntry(view(0x0203), 0, 3)!.spReg).toBe('di');
    // A type value no format defines is corrupt.
    expect(decodeOrcEntry(view(0x0705), 0, 3)).toBeNull();
    expect(decodeOrcEntry(view(0x0305), 0, 1)).toBeNull();
  });
});

describe('OrcTable lookup', () => {
  it('finds the rightmost entry at or below the ip, and nothing outside its text', () => {
    const t = table([call(TEXT, 8), call(TEXT + 0x10n, 16), term(TEXT + 0x20n)]);
    expect(t.find(TEXT + 0x0fn)!.spOffset).toBe(8);
    expect(t.find(TEXT + 0x10n)!.spOffset).toBe(16);
    expect(t.find(TEXT + 0x25n)!.type).toBe('undefined');
    expect(t.find(TEXT - 1n)).toBeUndefined();
    expect(t.find(TEXT + 0x10000n)).toBeUndefined();
  });

  it('prefers a real entry over a terminator at the same ip', () => {
    const t = table([call(TEXT, 8), term(TEXT + 0x10n), call(TEXT + 0x10n, 24)]);
    expect(t.sorted).toBe(false);
    expect(t.find(TEXT + 0x10n)!.spOffset).toBe(24);
  });

  it('sorts an unsorted table the way the kernel sorts module tables', () => {
    const t = table([call(TEXT + 0x10n, 24), call(TEXT + 0x30n, 40), call(TEXT, 8), term(TEXT + 0x10n)]);
    expect(t.sorted).toBe(true);
    expect([0n, 0x10n, 0x2fn, 0x30n].map((d) => t.find(TEXT + d)!.spOffset)).toEqual([8, 24, 24, 40]);
  });

  it('uses consistent orc_lookup blocks and ignores corrupt ones', () => {
    const entries = Array.from({ length: 64 }, (_, i) => call(TEXT + BigInt(i * 100), i * 8 + 8));
    const search = table(entries);
    const blocks = new Uint32Array(Math.ceil((64 * 100) / 256) + 1);
    for (let i = 0; i < blocks.length; i++) blocks[i] = Math.max(0, search.indexOf(TEXT + BigInt(i * 256)));
    const lookup = { start: TEXT, stop: TEXT + BigInt((blocks.length - 1) * 256), blocks };
    const fast = table(entries, 3, { lookup });
    expect(fast.usesLookup).toBe(true);
    for (let d = 0n; d < 6400n; d += 37n) expect(fast.find(TEXT + d)).toEqual(search.find(TEXT + d));
    // The vmlinux file's orc_lookup is zeros (filled at boot); a wrong one is not trusted.
    expect(table(entries, 3, { lookup: { ...lookup, blocks: new Uint32Array(blocks.length) } }).usesLookup).toBe(false);
    const bad = blocks.slice();
    bad[3] = 1000;
    expect(table(entries, 3, { lookup: { ...lookup, blocks: bad } }).usesLookup).toBe(false);
  });
});

describe('ORC format detection', () => {
  const member = (name: string, bitOffset: number, bitSize: number | null) => ({ name, bitOffset, bitSize, type: { kind: 'int', name: 'unsigned int', size: 4, signed: false } as Type });
  const types = (members: ReturnType<typeof member>[]): TypeSource => ({
    kind: 'btf',
    findType: (n): Type | undefined => (n === 'orc_entry' ? { kind: 'struct', name: 'orc_entry', size: 6, members } : undefined),
    findVariableType: () => undefined,
  });
  const v1 = types([member('sp_offset', 0, null), member('bp_offset', 16, null), member('sp_reg', 32, 4), member('bp_reg', 36, 4), member('type', 40, 2), member('end', 42, 1)]);
  const v2 = types([member('sp_reg', 32, 4), member('bp_reg', 36, 4), member('type', 40, 2), member('signal', 42, 1), member('end', 43, 1)]);
  const v3 = types([member('sp_reg', 32, 4), member('bp_reg', 36, 4), member('type', 40, 3), member('signal', 43, 1)]);

  it('reads the layout of struct orc_entry', () => {
    expect([v1, v2, v3].map(formatFromTypes)).toEqual([1, 2, 3]);
    expect(formatFromTypes(null)).toBeNull();
  });

  it('prefers the .orc_header hash, which alone tells format 4', () => {
    const h71 = Uint8Array.from([0x13, 0x7c, 0x36, 0xad, 0x76, 0x27, 0xc4, 0xdd, 0x55, 0x93, 0x21, 0x76, 0xbb, 0x0e, 0xcd, 0xbd, 0x50, 0x41, 0xfc, 0x82]);
    expect(formatFromHeader(h71)).toBe(4);
    const w: Warning[] = [];
    expect(detectOrcFormat({ header: h71, types: v3, release: '7.1.0' }, w)).toBe(4);
    expect(w).toEqual([]);
    expect(detectOrcFormat({ header: new Uint8Array(20), types: v3, release: null }, w)).toBeNull();
    expect(w[0]!.code).toBe('ORC_FORMAT');
  });

  it('falls back to the release only with a warning', () => {
    const w: Warning[] = [];
    expect(detectOrcFormat({ header: null, types: v1, release: '6.6.0' }, w)).toBe(1);
    expect(w).toEqual([]);
    expect(detectOrcFormat({ header: null, types: null, release: '6.6.0' }, w)).toBe(3);
    expect(w).toHaveLength(1);
  });
});
