// Golden tests of x86_64 address translation on the real dumps: bootstrap facts against
// the manifest (drgn/crash), `vtop` and `rd -64`/`rd -p -64` against crash 8.0.6's
// output, drgn's raw reads, and per_cpu_ptr against crash's `runq`.
// Symbols come from VMCOREINFO and truth/*/kallsyms.txt until the symbol providers land.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DumpImage } from '../../src/analysis/formats/dump-image';
import { openElfCore } from '../../src/analysis/formats/elf-core';
import { qemuCpuStates, vmcoreInfoOf } from '../../src/analysis/formats/notes/decode-cpus';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import { CachedSource } from '../../src/analysis/io/cached-source';
import { FaultError } from '../../src/analysis/errors';
import { formatRd64 } from '../../src/analysis/memory/rd';
import { kernelImageToPhys } from '../../src/analysis/memory/x86_64/kaslr';
import {
  openKernelMemory,
  type KernelMemory,
} from '../../src/analysis/memory/x86_64/kernel-memory';
import { formatVtop } from '../../src/analysis/memory/x86_64/vtop';
import { openFileSource } from '../../src/node/file-source';
import { allFixtures, hasOracle, readOracle, type Fixture } from '../support/fixtures';

const CRASH = 'crash-8.0.6.txt';
const big = (s: string) => BigInt(s.startsWith('0x') ? s : `0x${s}`);

/** openDump when every container reader exists; the readers one by one until then. */
async function openImage(src: ByteSource): Promise<DumpImage> {
  try {
    const { openDump } = await import('../../src/analysis/formats/open-dump');
    return await openDump([src]);
  } catch (e) {
    if (!/Cannot find module|Failed to load|Failed to resolve/i.test(String(e))) throw e;
  }
  const { FlattenedSource, sniffFlattened } =
    await import('../../src/analysis/formats/flattened-source');
  const { openKdump } = await import('../../src/analysis/formats/kdump-compressed');
  const inner = sniffFlattened(await src.read(0, 4096)) ? new FlattenedSource(src) : src;
  const head = await inner.read(0, 4);
  return head[0] === 0x7f && head[1] === 0x45 ? openElfCore(inner) : openKdump(inner);
}

function kallsyms(f: Fixture): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const line of readFileSync(join(f.truthDir, 'kallsyms.txt'), 'utf8').split('\n')) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (addr && name) m.set(name, big(addr));
  }
  return m;
}

/** The output blocks of crash: command → lines. */
function crashBlocks(text: string): { cmd: string; lines: string[] }[] {
  return text
    .split(/^crash> /m)
    .slice(1)
    .map((b) => {
      const lines = b.split('\n');
      return { cmd: lines[0]!, lines: lines.slice(1) };
    });
}

const fixtures = allFixtures();

interface DrgnRead {
  label: string;
  addr: string;
  physical: boolean;
  len: number;
  hex: string;
}

/** drgn-reads.json of this dump, or of another dump of the same boot (drgn cannot read QEMU's kdump file). */
function drgnReads(f: Fixture): { reads: DrgnRead[]; own: boolean } {
  const from = hasOracle(f, 'drgn-reads.json')
    ? f
    : fixtures.find((g) => g.manifest.run === f.manifest.run && hasOracle(g, 'drgn-reads.json'))!;
  return { reads: JSON.parse(readOracle(from, 'drgn-reads.json')) as DrgnRead[], own: from === f };
}

describe.each(fixtures.map((f) => [f.id, f] as const))('x86_64 translation: %s', (_id, f) => {
  let src: ByteSource & { close?(): Promise<void> };
  let image: DumpImage | undefined;
  let km: KernelMemory;
  const syms = kallsyms(f);
  const crash = hasOracle(f, CRASH) ? crashBlocks(readOracle(f, CRASH)) : [];

  beforeAll(async () => {
    const file = await openFileSource(f.path);
    src = Object.assign(new CachedSource(file, { budgetBytes: 16 << 20 }), {
      close: () => file.close(),
    });
    image = await openImage(src);
    km = await openKernelMemory(image, vmcoreInfoOf(image), { symbol: (n) => syms.get(n) });
  });
  afterAll(async () => {
    await image?.close?.();
    await src?.close?.();
  });

  const when = it;

  when('finds phys_base, KASLR offset, init_top_pgt and the region bases', () => {
    const m = f.manifest;
    expect(km.warnings).toEqual([]);
    expect(km.levels).toBe(4);
    expect(km.physBase?.value).toBe(big(m.phys_base));
    expect(km.kaslrOffset).toBe(big(m.kaslr_offset));
    expect(km.pgdDirectory).toBe(syms.get('init_top_pgt'));
    expect(km.directMap?.value.pageOffsetBase).toBe(big(m.page_offset_base));
    expect(km.vmemmap?.value.base).toBe(big(m.vmemmap_base));
    expect(km.vmallocBase?.value).toBe(big(m.vmalloc_base));
  });

  when(
    'discovers the region bases without symbols (VMCOREINFO, segments, page tables)',
    async () => {
      const bare = await openKernelMemory(image!, vmcoreInfoOf(image!));
      expect(bare.directMap?.value.pageOffsetBase).toBe(big(f.manifest.page_offset_base));
      expect(bare.vmemmap).toMatchObject({ source: 'mem_section' });
      expect(bare.vmemmap?.value.base).toBe(big(f.manifest.vmemmap_base));
      expect(bare.vmallocBase?.value).toBe(big(f.manifest.vmalloc_base));
      expect(bare.warnings).toEqual([]);
    },
  );

  when('agrees with each vCPU CR3 of QEMU dumps', async () => {
    const cpus = qemuCpuStates(image!);
    if (image!.producer !== 'qemu') expect(cpus).toEqual([]);
    for (const c of cpus) {
      const checked = await openKernelMemory(image!, vmcoreInfoOf(image!), {
        cr3: c.cr3,
        cr4: c.cr4,
      });
      expect(checked.warnings).toEqual([]);
    }
  });

  when('translates kernel image addresses through the page tables like __pa_symbol', async () => {
    for (const name of [
      'init_task',
      'init_top_pgt',
      'phys_base',
      'linux_banner',
      '_text',
      'jiffies',
    ]) {
      const va = syms.get(name)!;
      expect(await km.virtual.translate(va), name).toBe(kernelImageToPhys(va, km.physBase!.value));
    }
  });

  when('vtop prints what crash prints', async () => {
    const blocks = crash.filter((b) => b.cmd.startsWith('vtop '));
    expect(blocks.length).toBe(f.id === 'qemu-kdump-zlib' ? 0 : 3);
    for (const b of blocks) {
      const r = await km.vtop(big(b.cmd.slice(5).trim()));
      const text = formatVtop(r);
      expect(
        text.map((l) => l.trimEnd()),
        b.cmd,
      ).toEqual(b.lines.slice(0, text.length).map((l) => l.trimEnd()));
      // The struct page line follows (after crash's header on the first vtop).
      const pageLine = b.lines.slice(text.length).find((l) => /^[0-9a-f]{16}\s/.test(l));
      expect(r.structPage, b.cmd).toBe(big(pageLine!.split(/\s+/)[0]!));
    }
  });

  when('rd -64 and rd -p -64 give the words crash prints', async () => {
    const blocks = crash.filter((b) => /^rd (-p )?-64 /.test(b.cmd));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      const [, phys, what, count] = /^rd (-p )?-64 (\S+) (\d+)/.exec(b.cmd)!;
      const addr = what!.startsWith('0x') ? big(what!) : syms.get(what!);
      expect(addr, b.cmd).toBeDefined();
      const lines = formatRd64(await km.rd(addr!, Number(count), phys !== undefined));
      expect(lines, b.cmd).toEqual(b.lines.slice(0, lines.length));
    }
  });

  when("drgn's virtual and physical reads match", async (): Promise<void> => {
    for (const r of drgnReads(f).reads) {
      const space = r.physical ? km.physical : km.virtual;
      const got = Buffer.from(await space.read(big(r.addr), r.len)).toString('hex');
      expect(got, r.label).toBe(r.hex);
    }
  });

  when(
    'a virtual read into an excluded page names the virtual address and says excluded',
    async () => {
      if (image!.excludedPages === 0) return;
      const dm = km.directMap!.value;
      let pfn = 0x100n;
      while (!(
        image!.pageState(pfn << 12n) === 'excluded' &&
        image!.pageState((pfn - 1n) << 12n) === 'present'
      ))
        pfn++;
      const va = dm.__va(pfn << 12n);
      const e = await km.virtual.read(va - 8n, 16).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(FaultError);
      expect(e).toMatchObject({ address: va, reason: 'excluded', space: 'virtual' });
    },
  );

  when("a read off the end of a vmalloc'ed stack faults at the guard page", async () => {
    const stack = big(drgnReads(f).reads.find((r) => r.label.includes('stack base'))!.addr);
    // THREAD_SIZE is 16 KiB (arch/x86/include/asm/page_64_types.h); vmalloc leaves a guard page after it.
    const e = await km.virtual.read(stack + 0x4000n - 8n, 16).catch((x: unknown) => x);
    expect(e).toMatchObject({ address: stack + 0x4000n, reason: 'not-present', space: 'virtual' });
  });

  when("per_cpu_ptr(runqueues, cpu) is crash's runq address", async () => {
    const runq = crash.find((b) => b.cmd === 'runq');
    const pairs = (runq?.lines ?? [])
      .map((l) => /^CPU (\d+) RUNQUEUE: ([0-9a-f]+)/.exec(l))
      .filter((m) => m !== null);
    expect(pairs.length).toBeGreaterThan(0);
    for (const m of pairs)
      expect(await km.perCpuPtr(syms.get('runqueues')!, Number(m[1]))).toBe(big(m[2]!));
  });
});
