import { describe, expect, it } from 'vitest';
import { StructLayouts } from '../struct-layout';
import { FakeMemory } from '../test-support/fake-memory';
import { prbVmcoreInfo, PrbWriter } from '../test-support/prb-writer';
import { formatDmesg } from './dmesg-format';
import { getPrintkLog } from './printk';
import { formatCaller } from './printk-record';
import { prbLayout } from './prb-layout';
import { readLocklessRing } from './prb-reader';

const PRB = 0xffffffff82a622c0n;
const RB = 0xffff888001000000n;

function ring(countBits = 4, sizeBits = 9) {
  const mem = new FakeMemory();
  const w = new PrbWriter(mem, PRB, RB, countBits, sizeBits);
  const info = prbVmcoreInfo(PRB);
  const access = { memory: mem, vmcoreinfo: info, types: null, symbol: () => undefined };
  return { mem, w, info, access };
}

const texts = (n: number) => Array.from({ length: n }, (_, i) => `message ${i} ${'x'.repeat((i * 7) % 23)}`);

describe('lockless printk ring buffer', () => {
  it('reads the records still in a ring that wrapped (IDs and lpos past 2^62 / 2^64)', async () => {
    const { w, access } = ring();
    for (const t of texts(60)) w.add(t);
    expect(w.written.some((r) => r.begin > r.next)).toBe(true); // lpos overflowed
    const log = await getPrintkLog(access);
    expect(log.format).toBe('lockless');
    expect(log.warnings).toEqual([]);
    expect(log.records.map((r) => r.text)).toEqual(w.live.map((r) => r.text));
    expect(log.records.map((r) => r.seq)).toEqual(w.live.map((r) => r.seq));
    expect(log.records.length).toBeGreaterThan(4);
  });

  it('takes a wrapped block’s text from index 0', async () => {
    const { w, access } = ring(5, 8);
    const wrapped = [];
    for (const t of texts(40)) {
      const r = w.add(t);
      if (r.next % 256n !== 0n && r.next % 256n < r.begin % 256n) wrapped.push(r);
    }
    expect(wrapped.length).toBeGreaterThan(0);
    const log = await getPrintkLog(access);
    const live = new Set(w.live.map((r) => r.text));
    const got = new Set(log.records.map((r) => r.text));
    for (const r of wrapped) if (live.has(r.text)) expect(got.has(r.text)).toBe(true);
  });

  it('decodes level, facility, caller, timestamp and dev_info', async () => {
    const { w, access } = ring(4, 10);
    w.add('first', { level: 3, facility: 1, callerId: 0x80000001, tsNsec: 12_345_678_901n });
    w.add('virtio_blk virtio1: [vda] 4096 blocks', { subsystem: 'virtio', device: '+virtio:virtio1', callerId: 42 });
    const [a, b] = (await getPrintkLog(access)).records;
    expect(a).toMatchObject({ level: 3, facility: 1, flags: 2, timestampNs: 12_345_678_901n });
    expect(formatCaller(a!.callerId)).toBe('C1');
    expect(formatCaller(b!.callerId)).toBe('T42');
    expect(b).toMatchObject({ subsystem: 'virtio', device: '+virtio:virtio1' });
  });

  it('skips reserved and reusable descriptors and data-less records without warnings', async () => {
    const { w, mem, access } = ring(4, 10);
    w.add('a');
    const r = w.add('being written', { state: 0 });
    w.add('c');
    const empty = w.add('lost text');
    mem.writeU64(w.descAddress(empty.id) + 8n, 1n); // FAILED_LPOS
    mem.writeU64(w.descAddress(empty.id) + 16n, 1n);
    const log = await getPrintkLog(access);
    expect(log.records.map((x) => x.text)).toEqual(['a', 'c']);
    expect(log.warnings).toEqual([]);
    expect(r.id).toBeDefined();
  });

  it('keeps the other records when one descriptor is corrupt, with a warning naming it', async () => {
    for (const corrupt of ['state_var', 'lpos', 'block id', 'unaligned'] as const) {
      const { w, mem, access } = ring(4, 10);
      for (const t of texts(6)) w.add(t);
      const victim = w.live[2]!;
      const d = w.descAddress(victim.id);
      if (corrupt === 'state_var') mem.writeU64(d, (2n << 62n) | (victim.id + 16n));
      if (corrupt === 'lpos') mem.writeU64(d + 16n, victim.begin + (1n << 40n));
      if (corrupt === 'unaligned') mem.writeU64(d + 8n, victim.begin + 3n);
      if (corrupt === 'block id') mem.writeU64(w.data + (victim.begin % 1024n), 0x1234n);
      const log = await getPrintkLog(access);
      expect(log.records.map((r) => r.text), corrupt).toEqual(
        w.live.filter((r) => r !== victim).map((r) => r.text),
      );
      expect(log.warnings, corrupt).toHaveLength(1);
      expect(log.warnings[0]!.code).toBe('PRINTK_BAD_DESCRIPTOR');
      expect(log.warnings[0]!.message).toContain(`0x${d.toString(16)}`);
    }
  });

  it('reads only the last ring-full when tail_id and head_id are too far apart', async () => {
    const { w, mem, access } = ring(4, 10);
    for (const t of texts(5)) w.add(t);
    mem.writeU64(RB + 32n, 5n); // tail_id
    const log = await getPrintkLog(access);
    expect(log.warnings[0]!.message).toMatch(/apart/);
    expect(log.records.map((r) => r.text)).toEqual(w.live.map((r) => r.text));
  });

  it('skips the records on an unreadable page of the text ring and keeps the rest', async () => {
    const { w, mem, access } = ring(8, 13);
    for (const t of texts(250)) w.add(t);
    expect(w.live.some((r) => r.begin % 8192n >= 4096n)).toBe(true);
    mem.makeUnreadable(w.data + 4096n);
    const log = await getPrintkLog(access);
    expect(log.warnings[0]).toMatchObject({ code: 'PRINTK_UNREADABLE' });
    const onPage = (r: { begin: bigint; next: bigint }) => {
      const sameWrap = r.begin / 8192n === r.next / 8192n;
      const start = sameWrap ? r.begin % 8192n : 0n;
      const end = sameWrap ? start + (r.next - r.begin) : r.next % 8192n;
      return end > 4096n && start < 8192n;
    };
    expect(log.records.map((r) => r.text)).toEqual(w.live.filter((r) => !onPage(r)).map((r) => r.text));
  });

  it('rejects an impossible ring size', async () => {
    const { mem, info } = ring();
    mem.writeU32(RB, 40);
    await expect(readLocklessRing(mem, prbLayout(new StructLayouts(info, null)), PRB)).rejects.toThrow(/count_bits/);
  });
});

describe('dmesg rendering', () => {
  it('prints the makedumpfile prefix and indents continuation lines', () => {
    const out = formatDmesg([
      { timestampNs: 3_480_968_123n, text: 'Unstable clock\n  "trace_clock=local"\nend' },
      { timestampNs: 123_456_789_012_345n, text: 'bell\x07tab\there' },
    ]);
    expect(out).toBe(
      '[    3.480968] Unstable clock\n' +
        '                 "trace_clock=local"\n' +
        '               end\n' +
        '[123456.789012] bell\\x07tab\there\n',
    );
  });
});
