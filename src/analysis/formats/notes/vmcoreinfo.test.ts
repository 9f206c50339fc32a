import { describe, expect, it } from 'vitest';
import { findVmcoreInfo, VmcoreInfo } from './vmcoreinfo';
import { textDesc } from '../test-support/elf-writer';
import type { ElfNote } from './elf-note';

const TEXT = [
  'OSRELEASE=6.1.0-56-cloud-amd64',
  'BUILD-ID=3B43fad5034874490492495d552c0af6a5fab235',
  'PAGESIZE=4096',
  'SYMBOL(init_uts_ns)=ffffffffadbf9b60',
  'SYMBOL(_stext)=0xffffffffac000000',
  'OFFSET(uts_namespace.name)=0',
  'OFFSET(page._refcount)=52',
  'SIZE(page)=64',
  'LENGTH(zone.free_area)=11',
  'NUMBER(phys_base)=-570425344',
  'NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129',
  'NUMBER(kimage_voffset)=0xffff800008000000',
  'NUMBER(pgtable_l5_enabled)=0',
  'CONFIG_ARM_LPAE=y',
  'CONFIG_OFF=n',
  'KERNELOFFSET=2b000000',
  'this line has no equals sign',
  '=empty key',
  'SYMBOL(broken)=not-hex',
  'SIZE(negative)=-4',
  'OFFSET(weird.x)=12abc',
  'CRASHTIME=1795322827',
  'CRASHTIME=1795322830',
  '',
].join('\n');

describe('VmcoreInfo', () => {
  const vi = new VmcoreInfo(TEXT);

  it('parses strings, build-id, page size, KASLR offset and crash time', () => {
    expect(vi.osRelease).toBe('6.1.0-56-cloud-amd64');
    expect(vi.buildId).toBe('3b43fad5034874490492495d552c0af6a5fab235');
    expect(vi.pageSize).toBe(4096);
    expect(vi.kernelOffset).toBe(0x2b000000n);
    expect(vi.crashTime).toBe(1795322830); // the later of two lines wins
  });

  it('parses SYMBOL as hex, with or without 0x', () => {
    expect(vi.symbol('init_uts_ns')).toBe(0xffffffffadbf9b60n);
    expect(vi.symbol('_stext')).toBe(0xffffffffac000000n);
    expect(vi.symbol('missing')).toBeUndefined();
  });

  it('parses SIZE, OFFSET and LENGTH as unsigned decimals', () => {
    expect(vi.size('page')).toBe(64);
    expect(vi.offset('uts_namespace.name')).toBe(0);
    expect(vi.offset('page._refcount')).toBe(52);
    expect(vi.length('zone.free_area')).toBe(11);
  });

  it('parses NUMBER as signed decimal or 0x hex, with a u64 view', () => {
    expect(vi.number('phys_base')).toBe(-570425344n);
    expect(vi.numberU64('phys_base')).toBe(0xffffffffde000000n);
    expect(vi.number('PAGE_BUDDY_MAPCOUNT_VALUE')).toBe(-129n);
    expect(vi.number('kimage_voffset')).toBe(0xffff800008000000n);
    expect(vi.number('pgtable_l5_enabled')).toBe(0n);
    expect(vi.numberU64('missing')).toBeUndefined();
  });

  it('parses CONFIG_ flags', () => {
    expect(vi.config('ARM_LPAE')).toBe(true);
    expect(vi.config('CONFIG_ARM_LPAE')).toBe(true);
    expect(vi.config('OFF')).toBe(false);
    expect(vi.config('NOPE')).toBeUndefined();
  });

  it('keeps malformed lines and unparsable values raw without throwing', () => {
    expect(vi.malformedLines()).toEqual(['this line has no equals sign', '=empty key']);
    expect(vi.symbol('broken')).toBeUndefined();
    expect(vi.raw('SYMBOL(broken)')).toBe('not-hex');
    expect(vi.size('negative')).toBeUndefined();
    expect(vi.offset('weird.x')).toBeUndefined();
    expect(vi.entries().filter(([k]) => k === 'CRASHTIME').length).toBe(2);
    expect(vi.entries()[0]).toEqual(['OSRELEASE', '6.1.0-56-cloud-amd64']);
  });

  it('stops at a NUL and accepts CRLF line ends', () => {
    const v = VmcoreInfo.fromBytes(textDesc('PAGESIZE=65536\r\nOSRELEASE=x\0OSRELEASE=junk'));
    expect(v.pageSize).toBe(65536);
    expect(v.osRelease).toBe('x');
  });

  it('never throws on arbitrary bytes', () => {
    const junk = Uint8Array.from({ length: 2000 }, (_, i) => (i * 131 + 7) & 0xff);
    const v = VmcoreInfo.fromBytes(junk);
    expect(() => [v.pageSize, v.kernelOffset, v.buildId, v.crashTime, v.osRelease]).not.toThrow();
  });

  it('finds the kernel VMCOREINFO note and ignores VMCOREINFO_XEN', () => {
    const note = (name: string, text: string): ElfNote => ({
      name,
      type: 0,
      desc: textDesc(text),
      descOffset: 0,
      source: 'f',
    });
    expect(findVmcoreInfo([note('VMCOREINFO_XEN', 'PAGESIZE=4096\n')])).toBeNull();
    const v = findVmcoreInfo([
      note('VMCOREINFO_XEN', 'OSRELEASE=xen\n'),
      note('VMCOREINFO', 'OSRELEASE=linux\n'),
    ]);
    expect(v?.osRelease).toBe('linux');
  });
});
