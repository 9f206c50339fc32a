// Golden tests of the ELF vmcore container and note decoders on the real dumps, against
// readelf, libkdumpfile, drgn, crash and the guest's own /proc/iomem (see the fixtures README).
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileHandleSource } from '../../src/analysis/io/file-handle-source';
import { CachedSource } from '../../src/analysis/io/cached-source';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import type { DumpImage } from '../../src/analysis/formats/dump-image';
import { openElfCore } from '../../src/analysis/formats/elf-core';
import { readElfHeader, readProgramHeaders, PT_LOAD } from '../../src/analysis/formats/elf-headers';
import {
  decodeCpus,
  qemuCpuStates,
  vmcoreInfoOf,
} from '../../src/analysis/formats/notes/decode-cpus';
import { FaultError } from '../../src/analysis/errors';
import { allFixtures, readOracle, type Fixture } from '../support/fixtures';

const ELF_IDS = ['kdump-elf-full', 'kdump-elf-d31', 'qemu-elf'];
const fixtures = allFixtures().filter((f) => ELF_IDS.includes(f.id));
const byId = (id: string) => fixtures.find((f) => f.id === id);

const hex = (s: string) => BigInt(s.startsWith('0x') ? s : `0x${s}`);
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** JSON with integers beyond 2^53 kept exact (libkdumpfile writes registers as numbers). */
function parseJsonExact(text: string): unknown {
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

interface Opened {
  image: DumpImage;
  src: ByteSource;
  handle: FileHandle;
}

async function openFixture(f: Fixture, tinyCache: boolean): Promise<Opened> {
  const handle = await openFile(f.path);
  const { size } = await handle.stat();
  const file = new FileHandleSource(f.path.split('/').pop()!, size, handle);
  const src = tinyCache ? new CachedSource(file, { blockSize: 512, budgetBytes: 4096 }) : file;
  return { image: await openElfCore(src), src, handle };
}

/** `crash> rd -p -64 ADDR N` blocks: address → the u64 values crash printed. */
function crashPhysReads(text: string): { addr: bigint; values: bigint[] }[] {
  const out: { addr: bigint; values: bigint[] }[] = [];
  for (const block of text.split(/^crash> /m)) {
    const m = /^rd -p -64 (0x[0-9a-f]+) \d+\n/.exec(block);
    if (!m) continue;
    const values: bigint[] = [];
    for (const line of block.split('\n').slice(1)) {
      const lm = /^\s*[0-9a-f]+:\s+((?:[0-9a-f]{16}\s+)+)/.exec(line);
      if (lm) values.push(...lm[1]!.trim().split(/\s+/).map(hex));
    }
    out.push({ addr: hex(m[1]!), values });
  }
  return out;
}

/** readelf -l rows: type, offset, vaddr, paddr, filesz, memsz. */
function readelfRows(text: string) {
  const rows = [
    ...text.matchAll(
      /^\s+(NOTE|LOAD)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)/gm,
    ),
  ];
  const count = Number(/Number of program headers:\s+(\d+)/.exec(text)![1]);
  return {
    count,
    rows: rows.map((r) => ({
      type: r[1] === 'LOAD' ? 1 : 4,
      offset: hex(r[2]!),
      vaddr: hex(r[3]!),
      paddr: hex(r[4]!),
      filesz: hex(r[5]!),
      memsz: hex(r[6]!),
    })),
  };
}

/** /proc/iomem "System RAM" minus "Crash kernel": what a kdump ELF vmcore describes. */
function ramWithoutCrashkernel(iomem: string): { start: bigint; end: bigint }[] {
  const get = (name: string) =>
    [...iomem.matchAll(new RegExp(`^\\s*([0-9a-f]+)-([0-9a-f]+) : ${name}$`, 'gm'))].map((m) => ({
      start: hex(m[1]!),
      end: hex(m[2]!) + 1n,
    }));
  const out: { start: bigint; end: bigint }[] = [];
  const ck = get('Crash kernel');
  for (const r of get('System RAM')) {
    let pieces = [r];
    for (const c of ck) {
      pieces = pieces.flatMap((p) =>
        c.end <= p.start || c.start >= p.end
          ? [p]
          : [
              ...(c.start > p.start ? [{ start: p.start, end: c.start }] : []),
              ...(c.end < p.end ? [{ start: c.end, end: p.end }] : []),
            ],
      );
    }
    out.push(...pieces);
  }
  return out;
}

for (const tinyCache of [false, true]) {
  for (const f of fixtures) {
    describe(`${f.id}${tinyCache ? ' through a 512-byte-block cache' : ''}`, () => {
      let o: Opened;
      beforeAll(async () => {
        o = await openFixture(f, tinyCache);
      });
      afterAll(async () => {
        await o?.handle.close();
      });

      it('matches the header facts and VMCOREINFO of the manifest', () => {
        const img = o.image;
        expect([img.format, img.arch, img.littleEndian, img.pageSize, img.compression]).toEqual([
          'elf',
          'x86_64',
          true,
          4096,
          'none',
        ]);
        expect(img.producer).toBe(f.id.startsWith('qemu') ? 'qemu' : 'kernel');
        const vi = vmcoreInfoOf(img)!;
        expect(vi.osRelease).toBe(f.manifest.kernel_release);
        expect(vi.buildId).toBe(f.buildId);
        expect(vi.kernelOffset).toBe(hex(f.manifest.kaslr_offset));
        expect(vi.numberU64('phys_base')).toBe(hex(f.manifest.phys_base));
        expect(vi.pageSize).toBe(4096);
        const summary = JSON.parse(readOracle(f, 'drgn-summary.json')) as {
          release: string;
          phys_base: string;
        };
        expect(vi.osRelease).toBe(summary.release);
        expect(vi.numberU64('phys_base')).toBe(hex(summary.phys_base));
        expect(img.warnings).toEqual([]);
      });

      it('has the program headers readelf lists', async () => {
        const h = await readElfHeader(o.src);
        const phdrs = await readProgramHeaders(o.src, h);
        const ref = readelfRows(readOracle(f, 'readelf.txt'));
        expect(phdrs.length).toBe(ref.count);
        expect(
          phdrs.map((p) => ({
            type: p.type,
            offset: BigInt(p.offset),
            vaddr: p.vaddr,
            paddr: p.paddr,
            filesz: p.filesz,
            memsz: p.memsz,
          })),
        ).toEqual(ref.rows);
        const loads = ref.rows.filter((r) => r.type === PT_LOAD);
        const ranges = o.image.physRanges;
        expect(ranges[0]!.start).toBe(
          loads.reduce((m, r) => (r.paddr < m ? r.paddr : m), loads[0]!.paddr),
        );
        expect(ranges[ranges.length - 1]!.end).toBe(
          loads.reduce((m, r) => (r.paddr + r.memsz > m ? r.paddr + r.memsz : m), 0n),
        );
      });

      it('decodes every CPU as libkdumpfile and drgn do', () => {
        const cpus = decodeCpus(o.image);
        const lkdf = parseJsonExact(readOracle(f, 'libkdumpfile.json')) as {
          attr: {
            cpu: Record<string, { pid: number; reg: Record<string, string | number> }> & {
              number: number;
            };
          };
        };
        expect(cpus.length).toBe(lkdf.attr.cpu.number);
        expect(cpus.length).toBe(f.manifest.guest_cpus);
        for (const c of cpus) {
          const ref = lkdf.attr.cpu[String(c.cpu)]!;
          expect(c.pid).toBe(ref.pid);
          const want = Object.fromEntries(
            Object.entries(ref.reg).map(([k, v]) => [k === 'rflags' ? 'eflags' : k, BigInt(v)]),
          );
          expect(c.registers).toEqual(want);
        }
        const summary = JSON.parse(readOracle(f, 'drgn-summary.json')) as {
          prstatus_notes: { note_index: number; pr_pid: number; rip: string }[];
          crashed_thread: { top_frame_registers: Record<string, string> };
        };
        expect(summary.prstatus_notes.map((n) => [n.note_index, n.pr_pid, hex(n.rip)])).toEqual(
          cpus.map((c) => [c.cpu, c.pid, c.registers.rip]),
        );
        if (o.image.producer === 'kernel') {
          // drgn's crashed thread starts from the panic CPU's NT_PRSTATUS (README point 7: not for QEMU).
          const top = summary.crashed_thread.top_frame_registers;
          const panic = cpus[f.manifest.panic_cpu]!;
          for (const r of ['rip', 'rsp', 'rbp', 'rbx', 'r13', 'r14', 'cs', 'ss'])
            expect(panic.registers[r]).toBe(hex(top[r]!));
          expect(panic.registers.fs_base).toBe(hex(top['fs.base']!));
          expect(panic.pid).toBe(f.manifest.panic_pid);
        }
      });

      it('returns the bytes drgn, libkdumpfile and crash read at physical addresses', async () => {
        const drgn = JSON.parse(readOracle(f, 'drgn-reads.json')) as {
          addr: string;
          physical: boolean;
          len: number;
          hex: string;
        }[];
        const phys = drgn.filter((r) => r.physical);
        expect(phys.length).toBeGreaterThan(0);
        for (const r of phys) expect(toHex(await o.image.readPhys(hex(r.addr), r.len))).toBe(r.hex);
        const lkdf = JSON.parse(readOracle(f, 'libkdumpfile.json')) as {
          reads: { space: number; addr: string; len: number; hex: string }[];
        };
        for (const r of lkdf.reads.filter((x) => x.space === 0))
          expect(toHex(await o.image.readPhys(hex(r.addr), r.len))).toBe(r.hex);
        const crash = crashPhysReads(readOracle(f, 'crash-8.0.6.txt'));
        expect(crash.length).toBe(2);
        for (const r of crash) {
          const b = await o.image.readPhys(r.addr, r.values.length * 8);
          const dv = new DataView(b.buffer, b.byteOffset, b.length);
          expect(r.values.map((_, i) => dv.getBigUint64(i * 8, true))).toEqual(r.values);
        }
      });
    });
  }
}

describe.skipIf(!byId('kdump-elf-full') || !byId('kdump-elf-d31'))(
  'kdump ELF: full copy vs makedumpfile -E -d 31',
  () => {
    let full: Opened;
    let d31: Opened;
    beforeAll(async () => {
      full = await openFixture(byId('kdump-elf-full')!, false);
      d31 = await openFixture(byId('kdump-elf-d31')!, true);
    });
    afterAll(async () => {
      await full?.handle.close();
      await d31?.handle.close();
    });

    it('describes System RAM minus the crashkernel region, in both files', () => {
      const f = byId('kdump-elf-full')!;
      const iomem = readFileSync(join(f.truthDir, 'iomem.txt'), 'utf8');
      expect(full.image.physRanges).toEqual(ramWithoutCrashkernel(iomem));
      expect(d31.image.physRanges).toEqual(full.image.physRanges);
      expect(full.image.excludedPages).toBe(0);
    });

    it('lists the kernel text mapping and the direct map as virtual segments', () => {
      const vs = full.image.virtualSegments;
      expect(vs.map((s) => s.vaddr >= 0xffffffff80000000n)).toEqual([false, false, false, true]);
      const pageOffset = vs[0]!.vaddr - vs[0]!.paddr;
      const summary = JSON.parse(readOracle(byId('kdump-elf-full')!, 'drgn-summary.json')) as {
        page_offset_base: string;
        _text: string;
      };
      expect(pageOffset).toBe(hex(summary.page_offset_base));
      expect(vs[3]!.vaddr).toBe(hex(summary._text));
      // makedumpfile splits both mappings at excluded runs; joined again they are the same.
      expect(d31.image.virtualSegments).toEqual(vs);
    });

    it('counts excluded pages once per physical page (makedumpfile counts the text duplicate too)', async () => {
      // makedumpfile's log: "Excluded pages in ELF format: 0x2c0ad" = per-PT_LOAD sum, which
      // includes the 2695 pages the kernel-text PT_LOADs exclude again.
      expect(d31.image.excludedPages).toBe(0x2c0ad - 2695);
      const h = await readElfHeader(d31.src);
      const loads = (await readProgramHeaders(d31.src, h)).filter((p) => p.type === PT_LOAD);
      const perLoad = loads.reduce(
        (s, p) => s + (p.paddr + p.memsz + 4095n) / 4096n - (p.paddr + p.filesz + 4095n) / 4096n,
        0n,
      );
      const log = readFileSync(
        join(byId('kdump-elf-d31')!.truthDir, 'capture', 'log-elf-d31.txt'),
        'utf8',
      );
      expect(perLoad).toBe(
        hex(
          /Excluded pages\s+:\s+0x[0-9a-f]+\n\s+in ELF format\s+:\s+(0x[0-9a-f]+)/.exec(log)![1]!,
        ),
      );
    });

    it('stores the same bytes as the full copy at both ends of every PT_LOAD, and faults in excluded tails', async () => {
      const h = await readElfHeader(d31.src);
      for (const p of (await readProgramHeaders(d31.src, h)).filter((x) => x.type === PT_LOAD)) {
        if (p.filesz > 0n) {
          for (const a of [p.paddr, p.paddr + p.filesz - 64n]) {
            expect(toHex(await d31.image.readPhys(a, 64))).toBe(
              toHex(await full.image.readPhys(a, 64)),
            );
          }
        }
        if (p.memsz > p.filesz) {
          const from = p.filesz >= 8n ? p.paddr + p.filesz - 8n : p.paddr;
          const e = d31.image.readPhys(from, 16);
          await expect(e).rejects.toBeInstanceOf(FaultError);
          await expect(e).rejects.toMatchObject({
            address: p.paddr + p.filesz,
            reason: 'excluded',
          });
        }
      }
    });

    it('faults with hole and beyond-dump outside the PT_LOADs', async () => {
      await expect(full.image.readPhys(0x9fbf8n, 16)).rejects.toMatchObject({
        address: 0x9fc00n,
        reason: 'hole',
      });
      await expect(full.image.readPhys(0x3ffdd000n, 1)).rejects.toMatchObject({
        address: 0x3ffdd000n,
        reason: 'beyond-dump',
      });
    });
  },
);

describe.skipIf(!byId('qemu-elf'))('QEMU ELF', () => {
  let q: Opened;
  beforeAll(async () => {
    q = await openFixture(byId('qemu-elf')!, false);
  });
  afterAll(async () => {
    await q?.handle.close();
  });

  it('has paddr-only PT_LOADs with ROM and VGA ranges, and no virtual segments', () => {
    expect(q.image.virtualSegments).toEqual([]);
    expect(q.image.physRanges).toEqual([
      { start: 0n, end: 0xa0000n },
      { start: 0xc0000n, end: 0x40000000n },
      { start: 0xfd000000n, end: 0xfe000000n },
      { start: 0xfffc0000n, end: 0x100000000n },
    ]);
  });

  it('writes vCPU index + 1 into pr_pid', () => {
    expect(decodeCpus(q.image).map((c) => c.pid)).toEqual([1, 2]);
  });

  it('decodes the QEMU CPU state notes as crash prints them', () => {
    const states = qemuCpuStates(q.image);
    const text = readOracle(byId('qemu-elf')!, 'crash-8.0.6.txt');
    const cr = (n: number) =>
      [...text.matchAll(new RegExp(`CR${n}: ([0-9a-f]{16})`, 'g'))].map((m) => hex(m[1]!));
    expect(states.map((s) => s.cr3)).toEqual(cr(3));
    expect(states.map((s) => s.cr0)).toEqual(cr(0));
    expect(states.map((s) => s.cr4)).toEqual(cr(4));
    const segs = [
      ...text.matchAll(
        /\b(CS|DS|ES|FS|GS|SS|LDT|TR|GDT|IDT): selector: ([0-9a-f]+)\s+limit: ([0-9a-f]+)\s+flags: ([0-9a-f]+)\s+pad: [0-9a-f]+\s+base: ([0-9a-f]+)/g,
      ),
    ];
    expect(segs.length).toBe(20);
    segs.forEach((m, i) => {
      const s = states[Math.floor(i / 10)]!.segments[m[1]!.toLowerCase() as 'cs'];
      expect([s.selector, s.limit, s.flags, s.base]).toEqual([
        Number(hex(m[2]!)),
        Number(hex(m[3]!)),
        Number(hex(m[4]!)),
        hex(m[5]!),
      ]);
    });
    const cpus = decodeCpus(q.image);
    states.forEach((s, i) => {
      expect(s.gprs.rip).toBe(cpus[i]!.registers.rip);
      expect(s.segments.gs.base).toBe(cpus[i]!.registers.gs_base);
    });
  });
});
