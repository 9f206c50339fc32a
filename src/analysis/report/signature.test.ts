import { describe, expect, it } from 'vitest';
import type { ReportBacktrace, ReportFrame } from './report-types';
import { meaningfulFrames, normalizeSymbol } from './signature-frames';
import { panicKind, reportSignature, signatureOf } from './signature';
import { sampleReport } from './test-support/sample-report';

const frames = (...names: string[]): ReportBacktrace => ({
  pid: 1,
  cpu: 0,
  frames: names.map((symbol, i): ReportFrame => ({
    pc: `0x${(0xffffffff81000000 + i * 0x100).toString(16)}`,
    sp: null,
    symbol,
    offset: i,
    module: null,
    file: null,
    line: null,
    inline: false,
    kind: 'normal',
  })),
});
const panic = (message: string) => ({ message, cpu: 0, pid: 1, comm: 'x' });

describe('crash signature', () => {
  it('normalizes compiler suffixes', () => {
    expect(normalizeSymbol('__handle_sysrq.cold')).toBe('__handle_sysrq');
    expect(normalizeSymbol('copy_page.isra.12')).toBe('copy_page');
    expect(normalizeSymbol('do_thing.constprop.0.isra.0')).toBe('do_thing');
    expect(normalizeSymbol('foo.part.3')).toBe('foo');
    expect(normalizeSymbol('.hidden')).toBe('.hidden');
  });

  it('skips the crash machinery above panic, whatever captured the dump', () => {
    const kdump = [
      'crash_setup_regs',
      '__crash_kexec',
      'panic',
      'sysrq_handle_crash',
      '__handle_sysrq.cold',
      'write_sysrq_trigger',
      'proc_reg_write',
    ];
    const qemu = [
      'iowrite8',
      'pvpanic_send_event',
      'pvpanic_panic_notify',
      'atomic_notifier_call_chain',
      'panic',
      'sysrq_handle_crash',
      '__handle_sysrq',
      'write_sysrq_trigger',
    ];
    expect(meaningfulFrames(kdump, 3)).toEqual([
      'sysrq_handle_crash',
      '__handle_sysrq',
      'write_sysrq_trigger',
    ]);
    expect(meaningfulFrames(qemu, 3)).toEqual(meaningfulFrames(kdump, 3));
  });

  it('starts an oops at the faulting function, below the fault handlers', () => {
    const oops = [
      '__crash_kexec',
      'panic',
      'oops_end',
      'page_fault_oops',
      'do_user_addr_fault',
      'exc_page_fault',
      'asm_exc_page_fault',
      'ext4_readdir.isra.0',
      'iterate_dir',
      'do_syscall_64',
    ];
    expect(meaningfulFrames(oops, 3)).toEqual(['ext4_readdir', 'iterate_dir']);
    const bug = [
      'die',
      'do_trap',
      'do_error_trap',
      'handle_bug',
      'exc_invalid_op',
      'asm_exc_invalid_op',
      'kfree',
      'my_release',
      'ret_from_fork',
    ];
    expect(meaningfulFrames(bug, 3)).toEqual(['kfree', 'my_release']);
  });

  it('takes the panic kind without numbers', () => {
    expect(panicKind('Attempted to kill init! exitcode=0x00000009')).toBe(
      'Attempted to kill init! exitcode=N',
    );
    expect(panicKind('kernel BUG at mm/slub.c:435!')).toBe('kernel BUG at mm/slub.c:N!');
    expect(panicKind(null)).toBe('unknown');
  });

  it('gives one id to the same bug, another to another', () => {
    const a = signatureOf(
      panic('sysrq triggered crash'),
      frames('panic', 'sysrq_handle_crash', '__handle_sysrq.cold', 'write_sysrq_trigger'),
    );
    const b = signatureOf(
      panic('sysrq triggered crash'),
      frames(
        'dump_stack_lvl',
        'vpanic',
        'sysrq_handle_crash',
        '__handle_sysrq',
        'write_sysrq_trigger',
        'vfs_write',
      ),
    );
    const c = signatureOf(
      panic('sysrq triggered crash'),
      frames('panic', 'other_handler', '__handle_sysrq', 'write_sysrq_trigger'),
    );
    expect(a?.id).toMatch(/^[0-9a-f]{12}$/);
    expect(b?.id).toBe(a?.id);
    expect(c?.id).not.toBe(a?.id);
    expect(
      signatureOf(
        panic('Fatal exception'),
        frames('panic', 'sysrq_handle_crash', '__handle_sysrq', 'write_sysrq_trigger'),
      )?.id,
    ).not.toBe(a?.id);
  });

  it('leaves inline frames out (only a vmlinux gives them)', () => {
    const bt = frames('panic', 'sysrq_handle_crash', '__handle_sysrq', 'write_sysrq_trigger');
    const withInline = {
      ...bt,
      frames: [
        ...bt.frames.slice(0, 2),
        { ...bt.frames[1]!, symbol: 'inlined_helper', inline: true },
        ...bt.frames.slice(2),
      ],
    };
    expect(signatureOf(panic('p'), withInline)).toEqual(signatureOf(panic('p'), bt));
  });

  it('of a report: from the panic task, or the one it was shared with', () => {
    const r = sampleReport();
    const s = reportSignature(r);
    expect(s?.frames).toEqual(['sysrq_handle_crash', '__handle_sysrq', 'write_sysrq_trigger']);
    expect(reportSignature({ schemaVersion: 1, panic: { ...r.panic!, signature: s! } })).toEqual(s);
    expect(reportSignature({ schemaVersion: 1 })).toBeNull();
  });
});
