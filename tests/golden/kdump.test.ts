// Golden tests of the kdump-compressed reader (and the flattened wrapper) on the real
// dumps: header facts against libkdumpfile and the manifest, raw physical bytes against
// crash `rd -p`, drgn and libkdumpfile, and the excluded / zero page counts against the
// statistics makedumpfile printed when it wrote the file (truth/run-kdump/capture/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cursor } from '../../src/analysis/binary/cursor';
import { VmcoreInfo } from '../../src/analysis/formats/notes/vmcoreinfo';
import type { KdumpImage } from '../../src/analysis/formats/kdump-compressed';
import type { Fixture } from '../support/fixtures';
import { crashPhysReads, jsonPhysReads, kdumpFixtures, openKdumpFixture, type Opened, type OracleRead } from './kdump-support';

const TINY_CACHE = { blockSize: 512, budgetBytes: 8192 };

/** The libkdumpfile oracle of a fixture: on the file itself, or on `makedumpfile -R` output. */
function libkdumpfileOracle(f: Fixture): { json: Record<string, unknown>; text: string } | null {
  for (const name of ['libkdumpfile.json', 'libkdumpfile-reassembled.json']) {
    const p = join(f.oracleDir, name);
    if (!existsSync(p)) continue;
    const text = readFileSync(p, 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>;
    if (!('error' in json)) return { json, text };
  }
  return null;
}

/** Oracle physical reads; QEMU's kdump file has none of its own, its ELF twin (same paused guest) does. */
function oracleReads(f: Fixture): OracleRead[] {
  const dirs = [f.oracleDir];
  if (f.manifest.id === 'qemu-kdump-zlib') dirs.push(join(f.oracleDir, '..', 'qemu-elf'));
  return dirs.flatMap((d) => {
    const crash = join(d, 'crash-8.0.6.txt');
    return [...(existsSync(crash) ? crashPhysReads(readFileSync(crash, 'utf8')) : []), ...jsonPhysReads(d)];
  });
}

/** makedumpfile's page statistics for this file: excluded pages (incl. zero pages) and zero pages. */
function makedumpfileStats(f: Fixture): { excluded: number; zero: number } | null {
  const log = join(f.truthDir, 'capture', `log-${f.manifest.id}.txt`);
  if (existsSync(log)) {
    const text = readFileSync(log, 'utf8');
    const num = (re: RegExp) => Number.parseInt(re.exec(text)![1]!, 16);
    return { excluded: num(/Excluded pages\s*:\s*0x([0-9a-f]+)/), zero: num(/Pages filled with zero\s*:\s*0x([0-9a-f]+)/) };
  }
  // The in-repo sample is a copy of kdump-zstd; its capture log (log-kdump-zstd.txt) says:
  if (f.scenario === 'sample') return { excluded: 0x2be65, zero: 0x1e30 };
  return null;
}

/** Counts descriptors pointing at the shared zero page (the first page of the data area). */
async function zeroPageDescriptors(o: Opened<KdumpImage>): Promise<number> {
  const h = o.image.header;
  const descOffset = (1 + h.subHdrSize + h.bitmapBlocks) * h.blockSize;
  const zeroAt = BigInt(descOffset + o.image.storedPages * 24);
  const table = await o.source.read(descOffset, o.image.storedPages * 24);
  const c = new Cursor(table, o.source.name, descOffset, h.littleEndian);
  let n = 0;
  while (c.remaining >= 24) {
    const off = c.i64();
    const size = c.u32();
    const flags = c.u32();
    c.skip(8);
    if (off === zeroAt) {
      expect([size, flags]).toEqual([h.blockSize, 0]);
      n++;
    }
  }
  return n;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

for (const f of kdumpFixtures()) {
  describe(`kdump golden: ${f.id}`, () => {
    let o: Opened<KdumpImage>;
    beforeAll(async () => {
      o = await openKdumpFixture(f);
      console.log(`${f.id}: opened in ${o.openMs.toFixed(1)} ms (${o.image.storedPages} stored pages)`);
    });
    afterAll(() => o?.close());

    it('reports the container facts of the manifest', () => {
      const img = o.image;
      const flattened = f.manifest.container.startsWith('makedumpfile-flattened');
      expect(img.format).toBe(flattened ? 'flattened' : 'kdump');
      expect(img.compression).toBe(f.manifest.page_compression ?? 'none');
      expect(img.producer).toBe(f.manifest.id.startsWith('qemu') ? 'qemu' : 'kernel');
      expect(img.arch).toBe('x86_64');
      expect(img.facts.headerVersion).toBe(6);
      expect(img.facts.physBase).toBe(BigInt.asUintN(64, BigInt(f.manifest.phys_base)));
      const vmci = VmcoreInfo.fromBytes(img.notes.find((n) => n.name === 'VMCOREINFO')!.desc);
      expect(vmci.raw('OSRELEASE')).toBe(f.manifest.kernel_release);
      if (img.producer === 'kernel') expect(img.facts.utsname?.release).toBe(f.manifest.kernel_release);
      expect(img.notes.filter((n) => n.name === 'CORE' && n.type === 1)).toHaveLength(f.manifest.guest_cpus);
      // QEMU 7.2 writes phys_base as VMCOREINFO's decimal digits read as hex (corrected, with a warning).
      expect(img.warnings.map((w) => w.code)).toEqual(img.producer === 'qemu' ? ['QEMU_PHYS_BASE'] : []);
    });

    it('agrees with libkdumpfile on the header, notes and VMCOREINFO', () => {
      const oracle = libkdumpfileOracle(f);
      if (!oracle) return;
      const attr = oracle.json.attr as {
        arch: { page_size: number };
        max_pfn: number;
        linux: { uts: Record<string, string> };
        cpu?: Record<string, { PRSTATUS: string }> & { number: number };
      };
      const img = o.image;
      expect(img.pageSize).toBe(attr.arch.page_size);
      expect(img.facts.maxPfn).toBe(BigInt(attr.max_pfn));
      // phys_base as exact digits (JSON numbers above 2^53 lose precision).
      expect(img.facts.physBase).toBe(BigInt(/"phys_base": (\d+)/.exec(oracle.text)![1]!));
      // libkdumpfile takes uts from the header, or from VMCOREINFO when the header has none (QEMU).
      for (const [k, v] of Object.entries(attr.linux.uts)) {
        if (img.producer === 'kernel') expect(img.facts.utsname?.[k as 'release']).toBe(v);
      }
      const vmci = img.notes.find((n) => n.name === 'VMCOREINFO')!;
      expect(new TextDecoder().decode(vmci.desc).replace(/\0+$/, '')).toBe(oracle.json.vmcoreinfo_raw);
      if (attr.cpu) {
        const prstatus = img.notes.filter((n) => n.name === 'CORE' && n.type === 1);
        expect(prstatus).toHaveLength(attr.cpu.number);
        prstatus.forEach((n, i) => expect(hex(n.desc)).toBe(attr.cpu![String(i)]!.PRSTATUS));
      }
    });

    it('reads the physical bytes crash, drgn and libkdumpfile read', async () => {
      const reads = oracleReads(f);
      expect(reads.length).toBeGreaterThanOrEqual(2);
      for (const r of reads) expect(hex(await o.image.readPhys(r.paddr, r.bytes.length)), r.label).toBe(hex(r.bytes));
    });

    it('counts excluded and zero pages as makedumpfile reported', async () => {
      const stats = makedumpfileStats(f);
      if (f.manifest.id.startsWith('qemu')) {
        expect(o.image.excludedPages).toBe(0);
        return;
      }
      expect(stats).not.toBeNull();
      // makedumpfile counts zero pages among the excluded, but stores them (one shared page).
      expect(o.image.excludedPages).toBe(stats!.excluded - stats!.zero);
      expect(await zeroPageDescriptors(o)).toBe(stats!.zero);
    });

    it('reads the same bytes through a tiny block cache', async () => {
      const tiny = await openKdumpFixture(f, TINY_CACHE);
      try {
        expect(tiny.image.physRanges).toEqual(o.image.physRanges);
        for (const r of oracleReads(f)) expect(hex(await tiny.image.readPhys(r.paddr, r.bytes.length)), r.label).toBe(hex(r.bytes));
        let checked = 0;
        for (let pfn = 0x100n; pfn < 0x3ffddn && checked < 300; pfn += 0x53n) {
          const addr = pfn * 4096n;
          if (o.image.pageState(addr) !== 'present') continue;
          expect(hex(await tiny.image.readPhys(addr, 4096))).toBe(hex(await o.image.readPhys(addr, 4096)));
          checked++;
        }
        expect(checked).toBeGreaterThan(50);
      } finally {
        await tiny.close();
      }
    });
  });
}
