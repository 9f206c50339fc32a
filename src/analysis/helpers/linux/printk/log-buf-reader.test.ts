import { describe, expect, it } from 'vitest';
import { VmcoreInfo } from '../../../formats/notes/vmcoreinfo';
import { FakeMemory } from '../test-support/fake-memory';
import { getPrintkLog } from './printk';
import { formatCaller } from './printk-record';

const SYM = { logBuf: 0xffffffff82000000n, len: 0xffffffff82000010n, first: 0xffffffff82000020n, next: 0xffffffff82000030n, firstSeq: 0xffffffff82000040n };
const BUF = 0xffff888002000000n;
const LEN = 512;

/** A log_buf filled as log_store() does: records aligned to 4, a zero header at a wrap. */
function logBuf(hdr: 16 | 20, records: { text: string; dict?: string }[]) {
  const mem = new FakeMemory();
  mem.alloc(SYM.logBuf, 0x100);
  mem.alloc(BUF, LEN);
  mem.writeU64(SYM.logBuf, BUF);
  mem.writeU32(SYM.len, LEN);
  const live: { idx: number; size: number; text: string; seq: number }[] = [];
  let next = 0;
  let seq = 0;
  for (const r of records) {
    const text = new TextEncoder().encode(r.text);
    const dict = new TextEncoder().encode(r.dict ?? '');
    const size = (hdr + text.length + dict.length + 3) & ~3;
    if (next + size + hdr > LEN) {
      mem.write(BUF + BigInt(next), new Uint8Array(hdr)); // len 0: wrap marker
      while (live.length && live[0]!.idx >= next) live.shift();
      next = 0;
    }
    while (live.length && live[0]!.idx >= next && live[0]!.idx < next + size + hdr) live.shift();
    const at = BUF + BigInt(next);
    mem.writeU64(at, BigInt(seq) * 1000n);
    mem.writeU16(at + 8n, size);
    mem.writeU16(at + 10n, text.length);
    mem.writeU16(at + 12n, dict.length);
    mem.writeU8(at + 14n, 0);
    mem.writeU8(at + 15n, (4 << 5) | 2);
    if (hdr === 20) mem.writeU32(at + 16n, 0x80000000 | seq);
    mem.write(at + BigInt(hdr), text);
    mem.write(at + BigInt(hdr + text.length), dict);
    live.push({ idx: next, size, text: r.text, seq: seq++ });
    next += size;
  }
  mem.writeU32(SYM.first, live[0]!.idx);
  mem.writeU32(SYM.next, next);
  mem.writeU64(SYM.firstSeq, BigInt(live[0]!.seq));
  const info = new VmcoreInfo(
    `SYMBOL(log_buf)=${SYM.logBuf.toString(16)}
SYMBOL(log_buf_len)=${SYM.len.toString(16)}
SYMBOL(log_first_idx)=${SYM.first.toString(16)}
SYMBOL(log_next_idx)=${SYM.next.toString(16)}
SIZE(printk_log)=${hdr}
OFFSET(printk_log.ts_nsec)=0
OFFSET(printk_log.len)=8
OFFSET(printk_log.text_len)=10
OFFSET(printk_log.dict_len)=12
`,
  );
  const symbol = (n: string) => (n === 'log_first_seq' ? SYM.firstSeq : undefined);
  return { mem, live, access: { memory: mem, vmcoreinfo: info, types: null, symbol } };
}

describe('legacy log_buf (printk_log records)', () => {
  it('walks from log_first_idx to log_next_idx across the wrap marker', async () => {
    const msgs = Array.from({ length: 40 }, (_, i) => ({ text: `line ${i} ${'y'.repeat(i % 13)}` }));
    const { live, access } = logBuf(16, msgs);
    const log = await getPrintkLog(access);
    expect(log.format).toBe('log_buf');
    expect(log.warnings).toEqual([]);
    expect(log.records.map((r) => r.text)).toEqual(live.map((r) => r.text));
    expect(log.records.map((r) => Number(r.seq))).toEqual(live.map((r) => r.seq));
    expect(log.records[0]).toMatchObject({ level: 4, flags: 2, callerId: null });
  });

  it('reads caller_id from a 20-byte header and SUBSYSTEM/DEVICE from the dict', async () => {
    const { access } = logBuf(20, [{ text: 'sd 0:0:0:0: attached', dict: 'SUBSYSTEM=scsi\0DEVICE=+scsi:0:0:0:0' }]);
    const [r] = (await getPrintkLog(access)).records;
    expect(formatCaller(r!.callerId)).toBe('C0');
    expect(r).toMatchObject({ text: 'sd 0:0:0:0: attached', subsystem: 'scsi', device: '+scsi:0:0:0:0' });
  });

  it('keeps the records before a corrupt length and warns', async () => {
    const { mem, live, access } = logBuf(16, [{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
    mem.writeU16(BUF + BigInt(live[1]!.idx) + 8n, 3);
    const log = await getPrintkLog(access);
    expect(log.records.map((r) => r.text)).toEqual(['one']);
    expect(log.warnings[0]).toMatchObject({ code: 'PRINTK_BAD_RECORD' });
    expect(log.warnings[0]!.message).toContain((BUF + BigInt(live[1]!.idx)).toString(16));
  });
});
