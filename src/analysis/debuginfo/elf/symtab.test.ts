import { describe, expect, it } from 'vitest';
import { withBias } from '../debug-info';
import { MemorySource } from '../../io/memory-source';
import { writeElf } from '../test-support/elf-writer';
import { ElfFile } from './elf-file';
import { SymtabSource } from './symtab';

const OBJECT = 1;
const NOTYPE = 0;
const LOCAL = 0;
const WEAK = 2;

async function load(is64 = true, le = true) {
  const bytes = writeElf({
    is64,
    littleEndian: le,
    sections: [
      { name: '.text', type: 1, flags: 6n, addr: 0x81000000n, size: 0x1000 },
      { name: '.data..percpu', type: 1, flags: 3n, addr: 0n, size: 0x100 },
    ],
    segments: [{ type: 1, vaddr: 0x81000000n, memsz: 0x2000n }],
    symbols: [
      { name: '_stext', value: 0x81000000n, type: NOTYPE },
      { name: 'start_kernel', value: 0x81000000n, size: 0x40n },
      { name: 'helper', value: 0x81000040n, size: 0x20n, bind: LOCAL },
      { name: 'helper', value: 0x81000100n, size: 0x10n, bind: LOCAL },
      { name: 'panic', value: 0x81000080n, size: 0x40n, bind: WEAK },
      { name: 'panic', value: 0x81000080n, size: 0x40n },
      { name: 'label', value: 0x810000c0n, type: NOTYPE, bind: LOCAL },
      { name: 'runqueues', value: 0x40n, size: 0x20n, type: OBJECT, shndx: 2 },
      { name: 'text_size', value: 0x1000n, type: NOTYPE, shndx: 0xfff1 },
      { name: 'init_per_cpu__x', value: 0x81001000n, type: NOTYPE, shndx: 0xfff1 },
      { name: '_etext', value: 0x81001000n, type: NOTYPE },
      { name: 'sched_init', value: 0x81000200n, size: 0x10n },
    ],
  });
  return SymtabSource.load(await ElfFile.open(new MemorySource('vmlinux', bytes)));
}

describe('SymtabSource', () => {
  it('looks symbols up by name, preferring global ones', async () => {
    const s = await load();
    expect(s.kind).toBe('symtab');
    expect(s.runtime).toBe(false);
    expect(s.lookup('start_kernel')).toEqual({
      name: 'start_kernel',
      address: 0x81000000n,
      size: 0x40n,
      type: 'function',
      binding: 'global',
    });
    expect(s.lookup('panic')?.binding).toBe('global');
    expect(s.lookup('helper')?.address).toBe(0x81000040n);
    expect(s.lookup('nothing')).toBeUndefined();
    expect(s.lookup('')).toBeUndefined();
    expect(s.lookup('help')).toBeUndefined();
  });

  it('symbolizes: sized symbols containing the address, else the sizeless one below', async () => {
    const s = await load();
    expect(s.symbolize(0x81000010n)).toMatchObject({
      symbol: { name: 'start_kernel' },
      offset: 0x10n,
    });
    expect(s.symbolize(0x81000000n)?.symbol.name).toBe('start_kernel');
    expect(s.symbolize(0x81000085n)).toMatchObject({
      symbol: { name: 'panic', binding: 'global' },
      offset: 5n,
    });
    expect(s.symbolize(0x810000c8n)).toMatchObject({ symbol: { name: 'label' }, offset: 8n });
    // Past the end of a sized symbol with no sizeless one below: nothing.
    expect(s.symbolize(0x81000118n)).toBeUndefined();
    expect(s.symbolize(0x80000000n)).toBeUndefined();
    // The highest symbol matches only exactly.
    expect(s.symbolize(0x81001000n)?.symbol.name).toMatch(/_etext|init_per_cpu__x/);
    expect(s.symbolize(0x81001008n)).toBeUndefined();
  });

  it('iterates in address order and marks per-CPU and absolute symbols', async () => {
    const s = await load();
    const all = [...s.symbols()];
    expect(all.map((x) => x.address)).toEqual(
      [...all.map((x) => x.address)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    expect(all).toHaveLength(12);
    expect(s.lookup('runqueues')?.absolute).toBe(true);
    expect(s.lookup('text_size')?.absolute).toBe(true);
    expect(s.lookup('init_per_cpu__x')?.absolute).toBeUndefined();
    const biased = withBias(s, 0x2b000000n);
    expect(biased.lookup('runqueues')?.address).toBe(0x40n);
    expect(biased.lookup('start_kernel')?.address).toBe(0xac000000n);
    expect(biased.symbolize(0xac000044n)).toMatchObject({
      symbol: { name: 'helper', address: 0xac000040n },
      offset: 4n,
    });
  });

  it('reads ELF32 big-endian symbol tables', async () => {
    const s = await load(false, false);
    expect(s.lookup('sched_init')).toMatchObject({ address: 0x81000200n, size: 0x10n });
  });

  it('skips entries whose names run past .strtab and ignores a partial last entry', () => {
    const sym = new Uint8Array(24 * 3 + 5);
    const dv = new DataView(sym.buffer);
    dv.setUint32(24, 1, true); // "a"
    dv.setUint8(28, 0x12);
    dv.setUint16(30, 1, true);
    dv.setBigUint64(32, 0x10n, true);
    dv.setUint32(48, 999, true); // beyond strtab
    dv.setUint8(52, 0x12);
    dv.setUint16(54, 1, true);
    const s = SymtabSource.fromBytes(sym, Uint8Array.from([0, 97, 0]), {
      source: 'v',
      offset: 0,
      is64: true,
      littleEndian: true,
    });
    expect([...s.symbols()].map((x) => x.name)).toEqual(['a']);
    expect(s.warnings.map((w) => w.code)).toEqual(['SYMTAB_TRAILING', 'SYMTAB_BAD_NAME']);
  });
});
