// Golden tests of symbols on the real dumps: the vmlinux .symtab (+ KASLR offset from
// VMCOREINFO) and kallsyms decoded from each dump's memory, against the guest's own
// /proc/kallsyms (truth/*/kallsyms.txt) and against each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBias } from '../../src/analysis/debuginfo/debug-info';
import type { ElfFile } from '../../src/analysis/debuginfo/elf/elf-file';
import { sniffVmlinux } from '../../src/analysis/debuginfo/elf/elf-header';
import { SymtabSource } from '../../src/analysis/debuginfo/elf/symtab';
import { allFixtures, vmlinuxPath } from '../support/fixtures';
import {
  openVmlinux,
  openWithKallsyms,
  timed,
  truthKallsyms,
  type OpenedDump,
} from './debuginfo-support';

const BUILD_ID = '3b43fad5034874490492495d552c0af6a5fab235';
const fixtures = allFixtures();
const vmlinux = vmlinuxPath();

describe.skipIf(!vmlinux)('vmlinux .symtab', () => {
  let elf: ElfFile;
  let symtab: SymtabSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ elf, close } = await openVmlinux(vmlinux!));
    let ms: number;
    [symtab, ms] = await timed(() => SymtabSource.load(elf));
    console.log(`symtab: ${symtab.table.count} symbols loaded in ${ms.toFixed(0)} ms`);
  });
  afterAll(() => close());

  it('has the build-id of the dumps', async () => {
    expect(await elf.buildId()).toBe(BUILD_ID);
    expect(elf.header.type).toBe(2);
    expect(sniffVmlinux(await elf.source.read(0, 64))).toBe(true);
    for (const f of fixtures) expect(f.buildId).toBe(BUILD_ID);
  });

  it('reads only headers and the symbol tables, not the 590 MB file', () => {
    const symtabBytes = elf.section('.symtab')!.size + elf.section('.strtab')!.size;
    const stats = (elf.source as unknown as { stats: { bytesRead: number } }).stats;
    expect(stats.bytesRead).toBeLessThan(symtabBytes + (4 << 20));
    expect(symtab.warnings).toEqual([]);
  });

  for (const f of fixtures) {
    it(`plus KERNELOFFSET gives the guest's /proc/kallsyms (${f.id})`, () => {
      const kaslr = BigInt(f.manifest.kaslr_offset);
      const runtime = withBias(symtab, kaslr);
      for (const t of truthKallsyms(f)) {
        const s = runtime.lookup(t.name);
        expect(s, t.name).toBeDefined();
        expect(`${t.name} ${s!.address.toString(16)}`).toBe(`${t.name} ${t.address.toString(16)}`);
        // Per-CPU symbols are 'A' in kallsyms and stay unshifted.
        expect(s!.absolute ?? false).toBe(t.letter === 'A');
      }
      const panic = runtime.lookup('panic')!;
      expect(runtime.symbolize(panic.address + 0x10n)).toMatchObject({
        symbol: { name: 'panic' },
        offset: 0x10n,
      });
    });
  }

  describe('against kallsyms decoded from each dump', () => {
    for (const f of fixtures) {
      it(`agrees on every global function (${f.id})`, async () => {
        const d = await openWithKallsyms(f);
        try {
          const kaslr = d.vmcoreinfo.kernelOffset!;
          expect(kaslr).toBe(BigInt(f.manifest.kaslr_offset));
          const runtime = withBias(symtab, kaslr);
          let checked = 0;
          const wrong: string[] = [];
          for (const s of runtime.symbols()) {
            if (s.type !== 'function' || s.binding !== 'global') continue;
            const k = d.kallsyms.lookup(s.name);
            checked++;
            if (!k || k.address !== s.address)
              wrong.push(
                `${s.name}: symtab ${s.address.toString(16)}, kallsyms ${k?.address.toString(16)}`,
              );
          }
          expect(wrong).toEqual([]);
          expect(checked).toBeGreaterThan(20000);
          if (f === fixtures[0])
            console.log(`${checked} global functions: symtab + KERNELOFFSET = kallsyms`);
        } finally {
          await d.close();
        }
      });
    }
  });
});

describe('kallsyms from dump memory', () => {
  const opened = new Map<string, OpenedDump>();
  afterAll(async () => {
    for (const d of opened.values()) await d.close();
  });

  for (const f of fixtures) {
    it(`decodes the guest's /proc/kallsyms (${f.id})`, async () => {
      const [d, ms] = await timed(() => openWithKallsyms(f));
      opened.set(f.id, d);
      const ks = d.kallsyms;
      console.log(
        `kallsyms ${f.id}: ${ks.stats.symbols} symbols, ${ks.stats.encoding}, read ${ks.stats.readMs.toFixed(0)} ms, decode ${ks.stats.decodeMs.toFixed(0)} ms (open+all ${ms.toFixed(0)} ms)`,
      );
      expect(ks.warnings).toEqual([]);
      // x86_64 SMP 6.1: per-CPU symbols absolute, the rest relative to kallsyms_relative_base.
      expect(ks.stats.encoding).toBe('absolute-percpu');
      for (const t of truthKallsyms(f)) {
        const s = ks.lookup(t.name);
        expect(`${s?.letter} ${t.name} ${s?.address.toString(16)}`).toBe(
          `${t.letter} ${t.name} ${t.address.toString(16)}`,
        );
      }
      expect(ks.lookup('_stext')!.address).toBe(d.vmcoreinfo.symbol('_stext'));
      expect(ks.lookup('init_top_pgt')!.address).toBe(d.vmcoreinfo.symbol('init_top_pgt'));
      // BTF bounds are there for the no-vmlinux path (CONFIG_KALLSYMS_ALL).
      expect(ks.lookup('__start_BTF')).toBeDefined();
      expect(ks.lookup('__stop_BTF')!.address).toBeGreaterThan(ks.lookup('__start_BTF')!.address);
      const panicAt = ks.lookup('panic')!.address;
      expect(ks.symbolize(panicAt + 0x31n)).toMatchObject({
        symbol: { name: 'panic', letter: 'T' },
        offset: 0x31n,
      });
    });
  }
});
