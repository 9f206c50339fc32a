import { describe, expect, it } from 'vitest';
import { BadDataError, FaultError } from '../../errors';
import { writeKallsyms, type TestKsym } from '../test-support/kallsyms-writer';
import { kallsymsLocationFrom } from './kallsyms-location';
import { decodeNames, splitTokens, walkNames } from './kallsyms-names';
import { loadKallsyms } from './kallsyms-source';

const TEXT = 0xffffffffac000000n;
const long = 'x'.repeat(200);

const syms: TestKsym[] = [
  { name: 'Afixed_percpu_data', address: 0n },
  { name: 'Arunqueues', address: 0x31980n },
  { name: 'T_stext', address: TEXT },
  { name: 'T_text', address: TEXT },
  { name: 'Tstart_kernel', address: TEXT + 0x100n },
  { name: 'tsched_init_helper', address: TEXT + 0x180n },
  { name: 'Wweak_thing', address: TEXT + 0x200n },
  { name: `t${long}`, address: TEXT + 0x300n },
  { name: 'Tpanic', address: TEXT + 0x400n },
  { name: 'Dinit_task', address: TEXT + 0x10000n },
  { name: 'dprb', address: TEXT + 0x10100n },
  { name: 'B_end', address: TEXT + 0x20000n },
];
const sorted = (s: TestKsym[], percpuSmall: boolean) =>
  percpuSmall ? s : s.filter((x) => x.address >= 1n << 32n);

describe('kallsyms decoding', () => {
  for (const encoding of [
    'base-relative',
    'absolute-percpu',
    'place-relative',
    'absolute',
  ] as const) {
    it(`decodes names and ${encoding} addresses`, async () => {
      const input = sorted(syms, encoding === 'absolute-percpu' || encoding === 'absolute');
      const { space, loc } = writeKallsyms(input, { encoding });
      const ks = await loadKallsyms(space, loc);
      expect(ks.kind).toBe('kallsyms');
      expect(ks.runtime).toBe(true);
      expect(ks.stats.encoding).toBe(encoding);
      expect(ks.stats.symbols).toBe(input.length);
      expect(ks.stats.longNames).toBe(true);
      expect(ks.warnings).toEqual([]);
      const got = [...ks.symbols()].map((s) => `${s.letter}${s.name}@${s.address.toString(16)}`);
      const want = input.map((s) => `${s.name}@${s.address.toString(16)}`);
      expect(got.sort()).toEqual(want.sort());
      expect(ks.lookup('start_kernel')).toEqual({
        name: 'start_kernel',
        address: TEXT + 0x100n,
        size: 0n,
        type: 'function',
        binding: 'global',
        letter: 'T',
      });
      expect(ks.lookup('sched_init_helper')).toMatchObject({ binding: 'local', type: 'function' });
      expect(ks.lookup('weak_thing')?.binding).toBe('weak');
      expect(ks.lookup('init_task')?.type).toBe('object');
      expect(ks.lookup(long)?.address).toBe(TEXT + 0x300n);
      expect(ks.symbolize(TEXT + 0x123n)).toMatchObject({
        symbol: { name: 'start_kernel' },
        offset: 0x23n,
      });
      expect(ks.symbolize(TEXT + 0x20010n)).toBeUndefined();
    });
  }

  it('marks per-CPU symbols of the absolute-percpu encoding absolute', async () => {
    const { space, loc } = writeKallsyms(syms, { encoding: 'absolute-percpu' });
    const ks = await loadKallsyms(space, loc);
    expect(ks.lookup('runqueues')).toMatchObject({
      address: 0x31980n,
      letter: 'A',
      absolute: true,
    });
    expect(ks.lookup('_stext')?.absolute).toBeUndefined();
    // Sizeless per-CPU values never symbolize an address.
    expect(ks.symbolize(0x31990n)).toBeUndefined();
  });

  it('tells the encodings apart from the data without _stext', async () => {
    for (const encoding of ['base-relative', 'absolute-percpu'] as const) {
      const { space, loc } = writeKallsyms(sorted(syms, encoding === 'absolute-percpu'), {
        encoding,
      });
      delete loc.stext;
      expect((await loadKallsyms(space, loc)).stats.encoding).toBe(encoding);
    }
  });

  it('reads one-byte lengths of old kernels', async () => {
    const short = syms.filter((s) => s.name.length < 100);
    const { space, loc } = writeKallsyms(short, { longNames: false });
    const ks = await loadKallsyms(space, loc);
    expect(ks.stats.longNames).toBe(false);
    expect(ks.lookup('panic')?.address).toBe(TEXT + 0x400n);
  });

  it('decodes a pre-6.1 table whose length byte is 0x80..0xff', () => {
    // One name of 0x90 single-byte tokens, one-byte length (the old format).
    const tokens = splitTokens(
      Uint8Array.from([...Array.from({ length: 256 }, (_, b) => [b, 0]).flat()]),
      Uint16Array.from({ length: 256 }, (_, b) => 2 * b),
    );
    const names = Uint8Array.from([
      0x90,
      0x54,
      ...new Array<number>(0x8f).fill(0x61),
      2,
      0x54,
      0x62,
    ]);
    expect(walkNames(names, 2, true)).toBe('short'); // reading 0x54 as the high byte overruns
    expect(walkNames(names, 2, false)).toBe(names.length);
    const d = decodeNames(names, 2, tokens, false, 't');
    expect(String.fromCharCode(d.letters[1]!)).toBe('T');
    expect(d.strings.subarray(d.nameOffsets[1], d.nameOffsets[1]! + 1)).toEqual(
      Uint8Array.of(0x62),
    );
  });

  it('finds the tables through VMCOREINFO symbols', () => {
    const vi = new Map<string, bigint>([
      ['kallsyms_names', 1n],
      ['kallsyms_num_syms', 2n],
      ['kallsyms_token_table', 3n],
      ['kallsyms_token_index', 4n],
      ['kallsyms_offsets', 5n],
      ['kallsyms_relative_base', 6n],
      ['_stext', 7n],
    ]);
    expect(kallsymsLocationFrom((n) => vi.get(n))).toEqual({
      names: 1n,
      numSyms: 2n,
      tokenTable: 3n,
      tokenIndex: 4n,
      offsets: 5n,
      relativeBase: 6n,
      stext: 7n,
    });
    vi.delete('kallsyms_offsets');
    expect(kallsymsLocationFrom((n) => vi.get(n))).toBeUndefined();
  });
});

describe('corrupt kallsyms', () => {
  async function corrupt(edit: (img: ReturnType<typeof writeKallsyms>) => void) {
    const img = writeKallsyms(syms, { encoding: 'absolute-percpu' });
    edit(img);
    return loadKallsyms(img.space, img.loc);
  }
  /** A view of the image from `at` on. */
  const region = (img: ReturnType<typeof writeKallsyms>, at: bigint) => {
    const r = img.space.regions[0]!;
    return r.bytes.subarray(Number(at - r.start));
  };

  it('rejects an absurd symbol count without reading on and on', async () => {
    await expect(
      corrupt((img) =>
        new DataView(
          region(img, img.loc.numSyms).buffer,
          region(img, img.loc.numSyms).byteOffset,
        ).setUint32(0, 0xffffffff, true),
      ),
    ).rejects.toThrow(/expected a symbol count of 1\.\.\d+, found 4294967295/);
  });

  it('stops with a typed error after a few reads when the names run on', async () => {
    let reads = 0;
    const err = await corrupt((img) => {
      new DataView(
        region(img, img.loc.numSyms).buffer,
        region(img, img.loc.numSyms).byteOffset,
      ).setUint32(0, 100000, true);
      const read = img.space.read.bind(img.space);
      img.space.read = (a, n) => {
        reads++;
        return read(a, n);
      };
    }).catch((e: unknown) => e);
    expect(err instanceof BadDataError || err instanceof FaultError).toBe(true);
    expect(reads).toBeLessThan(20);
  });

  it('rejects a zero length', async () => {
    await expect(
      corrupt((img) => region(img, img.loc.names).subarray(0, 4).fill(0)),
    ).rejects.toThrow(BadDataError);
  });

  it('rejects a token without a NUL when a name uses it', () => {
    const table = Uint8Array.from([0x54, 0, 0x61, 0x62]); // "T", then "ab" with no NUL
    const index = new Uint16Array(256);
    index[0x61] = 2;
    const tokens = splitTokens(table, index);
    expect(tokens[0x61]).toBeNull();
    expect(decodeNames(Uint8Array.of(1, 0), 1, tokens, true, 'k').count).toBe(1);
    expect(() => decodeNames(Uint8Array.of(2, 0, 0x61), 1, tokens, true, 'k')).toThrow(
      'k, offset 0x2: expected a token byte with a NUL-terminated token, found byte 0x61 in symbol 0',
    );
  });

  it('reports a token index past readable memory as a fault', async () => {
    await expect(
      corrupt((img) =>
        new DataView(
          region(img, img.loc.tokenIndex).buffer,
          region(img, img.loc.tokenIndex).byteOffset,
        ).setUint16(2 * 0x54, 0xfff0, true),
      ),
    ).rejects.toBeInstanceOf(FaultError);
  });

  it('rejects addresses that fit no encoding', async () => {
    await expect(corrupt((img) => (img.loc.stext = 0x1234n))).rejects.toThrow(
      /an address encoding that puts _stext at 0x1234/,
    );
  });

  it('warns about type characters that are not letters', async () => {
    const img = writeKallsyms([
      ...syms.slice(0, 3),
      { name: '?odd', address: TEXT + 1n },
      ...syms.slice(3),
    ]);
    const ks = await loadKallsyms(img.space, img.loc);
    expect(ks.warnings.map((w) => w.code)).toEqual(['KALLSYMS_BAD_TYPE']);
  });
});
