// The kernel log of every real dump against makedumpfile --dump-dmesg (or crash's `log`
// where makedumpfile cannot read the dump) and drgn's records: VMCOREINFO only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDmesg } from '../../src/analysis/helpers/linux/printk/dmesg-format';
import { getPrintkLog } from '../../src/analysis/helpers/linux/printk/printk';
import { formatCaller, type PrintkLog } from '../../src/analysis/helpers/linux/printk/printk-record';
import { readU32, readU64 } from '../../src/analysis/memory/address-space';
import type { VirtualAddressSpace } from '../../src/analysis/memory/virtual-space';
import { openFileSource } from '../../src/node/file-source';
import { allFixtures, hasOracle, readOracle } from '../support/fixtures';
import { elfFileOffsetsOfPhys, OverlaySource } from '../support/overlay-source';
import { VmcoreInfo } from '../../src/analysis/formats/notes/vmcoreinfo';
import { kernelAccessOf } from '../../src/analysis/helpers/linux/kernel-access';
import {
  dmesgOracle,
  fixtureModeCases,
  openFixtureProgram,
  openKernelVmcoreinfoOnly,
  type OpenedKernel,
} from './kernel-state-support';

interface DrgnRecord {
  seq: number;
  ts_nsec: number;
  level: number;
  caller_tid: number | null;
  caller_cpu: number | null;
  text: string;
}

describe.each(allFixtures().map((f) => [f.id, f] as const))('kernel log of %s', (_id, f) => {
  let k: OpenedKernel;
  let log: PrintkLog;
  beforeAll(async () => {
    k = await openKernelVmcoreinfoOnly(f);
    log = await getPrintkLog(k.access);
  });
  afterAll(() => k?.close());

  it('reads the lockless ring with VMCOREINFO only, without warnings', () => {
    expect(log.format).toBe('lockless');
    expect(log.warnings).toEqual([]);
  });

  it('renders as makedumpfile --dump-dmesg, line for line', () => {
    const oracle = dmesgOracle(f);
    expect(formatDmesg(log.records).split('\n').slice(0, -1)).toEqual(oracle.lines);
  });

  it('has drgn’s seq, timestamp, level, caller and text per record', () => {
    const name = hasOracle(f, 'drgn-dmesg-records.json') ? 'drgn-dmesg-records.json' : null;
    if (!name) return; // drgn cannot read QEMU's kdump file
    const drgn = JSON.parse(readOracle(f, name)) as DrgnRecord[];
    // drgn joins LOG_CONT fragments; compare the records that start a line.
    const bySeq = new Map(log.records.map((r) => [Number(r.seq), r]));
    for (const d of drgn) {
      const r = bySeq.get(d.seq);
      expect(r, `seq ${d.seq}`).toBeDefined();
      expect(Number(r!.timestampNs)).toBe(d.ts_nsec);
      expect(r!.level).toBe(d.level);
      expect(formatCaller(r!.callerId)).toBe(d.caller_cpu !== null ? `C${d.caller_cpu}` : `T${d.caller_tid}`);
      expect(d.text.startsWith(r!.text)).toBe(true);
    }
  });
});

describe.each(fixtureModeCases())('kernel log through the Program of %s', (_name, f, mode) => {
  it('equals makedumpfile, and also with the printk lines of VMCOREINFO hidden (types only)', async () => {
    const p = await openFixtureProgram(f, mode);
    try {
      const oracle = dmesgOracle(f).lines;
      const access = kernelAccessOf(p.program);
      const log = await getPrintkLog(access);
      expect(formatDmesg(log.records).split('\n').slice(0, -1)).toEqual(oracle);
      // Only SYMBOL(prb) stays: every OFFSET/SIZE/LENGTH must then come from BTF or DWARF.
      const info = p.program.vmcoreinfo!;
      const hidden = new VmcoreInfo(
        info.text
          .split('\n')
          .filter((l) => !/^(OFFSET|SIZE|LENGTH)\((printk|prb|dev_printk|atomic_long|latched)/.test(l))
          .join('\n'),
      );
      expect(hidden.offset('prb_desc_ring.infos')).toBeUndefined();
      const typed = await getPrintkLog({ ...access, vmcoreinfo: hidden });
      expect(typed.warnings).toEqual([]);
      expect(typed.records).toEqual(log.records);
    } finally {
      await p.close();
    }
  });
});

describe('a corrupt descriptor in a real dump', () => {
  const f = allFixtures().find((x) => x.id === 'kdump-elf-full' || x.id === 'kdump-elf-d31');
  it.runIf(f)('skips that record with a warning and keeps the other records', async () => {
    const clean = await openKernelVmcoreinfoOnly(f!);
    const good = await getPrintkLog(clean.access);
    // The descriptor of record 100: prb -> desc_ring.descs[seq 100's slot].
    const info = clean.vmcoreinfo;
    const rb = await readU64(clean.access.memory, info.symbol('prb')!);
    const countBits = await readU32(clean.access.memory, rb + BigInt(info.offset('prb_desc_ring.count_bits')!));
    const descs = await readU64(clean.access.memory, rb + BigInt(info.offset('prb_desc_ring.descs')!));
    const infos = await readU64(clean.access.memory, rb + BigInt(info.offset('prb_desc_ring.infos')!));
    const infoSize = info.size('printk_info')!;
    const all = await clean.access.memory.read(infos, infoSize << countBits);
    const seqAt = (s: number) => new DataView(all.buffer, all.byteOffset + s * infoSize, 8).getBigUint64(0, true);
    const victim = good.records[100]!;
    const slots = Array.from({ length: 1 << countBits }, (_, s) => s).filter((s) => seqAt(s) === victim.seq);
    expect(slots).toHaveLength(1);
    const desc = descs + BigInt(slots[0]! * info.size('prb_desc')!);
    const paddr = await (clean.access.memory as VirtualAddressSpace).translate(desc);
    const file = await openFileSource(f!.path);
    const offsets = await elfFileOffsetsOfPhys(file, paddr);
    await file.close();
    await clean.close();

    // state_var: finalized, but an ID that is not this descriptor's.
    const corrupt = await openKernelVmcoreinfoOnly(f!, (src) => {
      const o = new OverlaySource(src);
      for (const off of offsets) o.patchU64(off, (2n << 62n) | 0x123456n);
      return o;
    });
    const bad = await getPrintkLog(corrupt.access);
    await corrupt.close();
    expect(bad.records.map((r) => r.seq)).toEqual(good.records.filter((r) => r !== victim).map((r) => r.seq));
    expect(bad.warnings).toHaveLength(1);
    expect(bad.warnings[0]).toMatchObject({ code: 'PRINTK_BAD_DESCRIPTOR' });
    expect(bad.warnings[0]!.message).toContain(`0x${desc.toString(16)}`);
  });
});
