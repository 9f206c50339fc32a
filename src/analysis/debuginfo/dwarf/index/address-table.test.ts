import { describe, expect, it } from 'vitest';
import { AddressTable, AddressTableBuilder } from './address-table';

const halves = (...r: [bigint, bigint][]) =>
  Uint32Array.from(
    r.flatMap(([lo, hi]) => [lo, hi]).flatMap((a) => [Number(a & 0xffffffffn), Number(a >> 32n)]),
  );

const T = 0xffffffff81000000n;

describe('AddressTable', () => {
  it('finds the innermost range, ties in the order given', () => {
    const t = new AddressTable(
      halves(
        [T + 0x100n, T + 0x200n],
        [T, T + 0x1000n],
        [T + 0x100n, T + 0x180n],
        [T + 0x300n, T + 0x400n],
      ),
      Int32Array.of(10, 11, 12, 13),
    );
    const at = (pc: bigint) => {
      const i = t.find(pc);
      return i < 0 ? -1 : t.payloadAt(i);
    };
    expect(at(T + 0x120n)).toBe(12); // the later of two ranges starting at 0x100
    expect(at(T + 0x190n)).toBe(10);
    expect(at(T + 0x250n)).toBe(11);
    expect(at(T + 0x300n)).toBe(13);
    expect(at(T + 0x1000n)).toBe(-1);
    expect(at(T - 1n)).toBe(-1);
    const i = t.find(T + 0x120n);
    expect([t.low(i), t.high(i)]).toEqual([T + 0x100n, T + 0x180n]);
    expect([...t.containing(T + 0x120n)].map((j) => t.payloadAt(j))).toEqual([12, 10, 11]);
  });

  it('sorts ranges whose high halves differ, with each range its own payload', () => {
    const t = new AddressTable(
      halves([T, T + 0x10n], [0x1000n, 0x2000n], [0x1_0000_0000n, 0x1_0000_1000n]),
      null,
    );
    expect(t.length).toBe(3);
    expect([0, 1, 2].map((i) => t.payloadAt(i))).toEqual([1, 2, 0]);
    expect(t.payloadAt(t.find(0x1_0000_0800n))).toBe(2);
    expect(t.payloadAt(t.find(0x1800n))).toBe(1);
    expect(t.payloadAt(t.find(T + 1n))).toBe(0);
  });

  it('builds the same table from runs appended one by one (AddressTableBuilder)', () => {
    const runs = [
      halves([T + 0x100n, T + 0x200n], [T, T + 0x1000n]),
      halves(),
      halves([T + 0x100n, T + 0x180n]),
      halves([T + 0x300n, T + 0x400n]),
    ];
    const mixed = [...runs, halves([0x1000n, 0x2000n])]; // one range with another high half
    for (const rs of [runs, mixed]) {
      const b = new AddressTableBuilder();
      for (const r of rs) b.append(r);
      const whole = Uint32Array.from(rs.flatMap((r) => [...r]));
      const built = b.build(null);
      const t = new AddressTable(whole, null);
      expect(built.length).toBe(t.length);
      for (let i = 0; i < t.length; i++) {
        expect(built.payloadAt(i)).toBe(t.payloadAt(i));
        expect([built.low(i), built.high(i)]).toEqual([t.low(i), t.high(i)]);
      }
      for (const pc of [T + 0x120n, T + 0x190n, T + 0x350n, 0x1800n, T - 1n])
        expect(built.find(pc)).toBe(t.find(pc));
    }
  });
});
