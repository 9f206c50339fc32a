import { describe, expect, it } from 'vitest';
import { formatLoadAverage, formatUptime } from './kernel-time';
import { crashMemoryBytes, formatMemorySize } from './memory-size';
import { findPanicLine } from './panic';
import type { PrintkRecord } from './printk/printk-record';
import { formatResources, type Resource } from './resource';

const rec = (text: string, callerId: number | null = 305): PrintkRecord => ({
  seq: 0n, timestampNs: 0n, level: 0, facility: 0, flags: 0, callerId, text,
});

describe('crash sys formatting', () => {
  it('rounds memory up to the next GiB within 64 MiB and prints it as pages_to_size', () => {
    const node = (present: bigint | null, spanned: bigint) => ({ node: 0, pgdat: 0n, presentPages: present, spannedPages: spanned });
    expect(crashMemoryBytes([node(261_886n, 262_142n)], 4096)).toBe(1n << 30n);
    expect(crashMemoryBytes([node(null, 262_144n)], 4096)).toBe(1n << 30n);
    expect(crashMemoryBytes([node(0n, 100_000n)], 4096)).toBe(409_600_000n);
    expect(formatMemorySize(1n << 30n)).toBe('1 GB');
    expect(formatMemorySize(3n << 29n)).toBe('1.5 GB');
    expect(formatMemorySize(409_600_000n)).toBe('390.6 MB');
    expect(formatMemorySize(4096n)).toBe('4 KB');
  });

  it('prints uptime and load average as crash does', () => {
    expect(formatUptime(9.57)).toBe('00:00:09');
    expect(formatUptime(90061)).toBe('1 day, 01:01:01');
    expect(formatUptime(3 * 86400 + 59)).toBe('3 days, 00:00:59');
    expect(formatLoadAverage([0.08, 0.02, 0.01])).toBe('0.08, 0.02, 0.01');
  });
});

describe('panic line', () => {
  it("takes crash's first matching pattern, not the first matching line", () => {
    const p = findPanicLine([
      rec('Oops: 0002 [#1] PREEMPT SMP NOPTI'),
      rec('sysrq: Trigger a crash'),
      rec('Kernel panic - not syncing: sysrq triggered crash\nCPU: 1 PID: 305'),
    ]);
    expect(p).toMatchObject({ line: 'Kernel panic - not syncing: sysrq triggered crash', message: 'sysrq triggered crash' });
  });

  it('uses a BUG/Oops line when there is no panic() message', () => {
    const p = findPanicLine([rec('BUG: unable to handle kernel NULL pointer dereference at 0000000000000008')]);
    expect(p?.message).toBe('BUG: unable to handle kernel NULL pointer dereference at 0000000000000008');
    expect(findPanicLine([rec('all quiet')])).toBeUndefined();
  });
});

describe('/proc/iomem rendering', () => {
  const r = (start: bigint, end: bigint, name: string | null, depth: number): Resource => ({
    address: 0n, start, end, name, flags: 0n, desc: null, depth,
  });
  it('pads to 8 digits (4 for ioports), indents two spaces per level up to 5, prints <BAD>', () => {
    expect(
      formatResources({ end: 0xfffffffffn }, [
        r(0n, 0xfffn, 'Reserved', 0),
        r(0x2e000000n, 0x3dffffffn, 'Crash kernel', 1),
        r(0x100000000n, 0x17fffffffn, null, 0),
        r(0xfe000000n, 0xfe003fffn, 'deep', 7),
      ]),
    ).toBe(
      '00000000-00000fff : Reserved\n' +
        '  2e000000-3dffffff : Crash kernel\n' +
        '100000000-17fffffff : <BAD>\n' +
        '          fe000000-fe003fff : deep\n',
    );
    expect(formatResources({ end: 0xffffn }, [r(0x60n, 0x60n, 'keyboard', 0)])).toBe('0060-0060 : keyboard\n');
  });
});
