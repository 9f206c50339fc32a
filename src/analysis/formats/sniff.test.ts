import { describe, expect, it } from 'vitest';
import { describeMagic, sniffFileKind } from './sniff';

function elf(eType: number, le = true): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, le ? 1 : 2, 1]);
  if (le) b[16] = eType;
  else b[17] = eType;
  return b;
}

describe('sniffFileKind', () => {
  it('tells a vmcore from a vmlinux by e_type, in either byte order', () => {
    expect(sniffFileKind(elf(4))).toBe('elf-core');
    expect(sniffFileKind(elf(4, false))).toBe('elf-core');
    expect(sniffFileKind(elf(2))).toBe('vmlinux');
    expect(sniffFileKind(elf(3))).toBe('vmlinux');
    expect(sniffFileKind(elf(1))).toBe('unknown');
  });

  it('recognises the makedumpfile signatures', () => {
    const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    expect(sniffFileKind(enc('KDUMP   \x06\0\0\0'))).toBe('kdump');
    expect(sniffFileKind(enc('DISKDUMP\x01\0\0\0'))).toBe('diskdump');
    expect(sniffFileKind(enc('makedumpfile\0\0\0\0\0\0\0\0'))).toBe('flattened');
    expect(sniffFileKind(enc('hello world, not a dump'))).toBe('unknown');
    expect(sniffFileKind(new Uint8Array(0))).toBe('unknown');
  });

  it('describes unknown magic for error messages', () => {
    expect(describeMagic(Uint8Array.from([0x68, 0x69, 0, 1]))).toBe('bytes 68 69 00 01 ("hi..")');
    expect(describeMagic(new Uint8Array(0))).toBe('an empty file');
  });
});
