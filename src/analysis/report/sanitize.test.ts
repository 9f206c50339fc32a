import { describe, expect, it } from 'vitest';
import { symbolMapOf } from './address-symbols';
import { sanitize } from './sanitize';
import { reportSignature } from './signature';
import { sampleReport, SECRETS } from './test-support/sample-report';

const KERNEL_HEX = /(0x)?ffff[89a-f][0-9a-f]{11}/i;

/** The kernel symbols the fake Program knows (a sized symbol table: nothing else resolves). */
const KNOWN: Record<string, [string, bigint]> = {
  '0xffffffffac4f1236': ['sysrq_handle_crash', 0x16n],
  '0xffffffffad213940': ['init_task', 0n],
  '0xffffffffac6c1b40': ['panic', 0x118n],
};
const symbolize = (a: bigint) => {
  const k = KNOWN[`0x${a.toString(16)}`];
  return k ? { symbol: { name: k[0] }, offset: k[1] } : undefined;
};

describe('sanitize', () => {
  it('changes nothing without options, but stamps the signature', () => {
    const r = sampleReport();
    const out = sanitize(r);
    expect(out.redactions).toBeUndefined();
    expect(out.panic?.signature).toEqual(reportSignature(r));
    const { signature: _s, ...panic } = out.panic!;
    expect({ ...out, panic }).toEqual(r);
  });

  it('is pure: the input report is not touched', () => {
    const r = sampleReport();
    sanitize(r, {
      hostname: true,
      kaslr: true,
      userComms: true,
      comms: ['crashme'],
      logPatterns: [/secret/],
      sections: ['dump'],
    });
    expect(r).toEqual(sampleReport());
  });

  it('hostname: nodename goes, and the name in every text (any case)', () => {
    const r = sampleReport();
    r.log![2]!.text += ' WEBHOST-7.example.com';
    const out = sanitize(r, { hostname: true });
    const json = JSON.stringify(out);
    expect(json.toLowerCase()).not.toContain(SECRETS.hostname);
    expect(out.system?.nodename).toBeNull();
    expect(out.dump?.files).toEqual(['vmcore-[hostname]']);
    expect(out.log![1]!.text).toBe('systemd[1]: Hostname set to <[hostname]>.');
    expect(out.redactions).toEqual(['hostname']);
  });

  it('kaslr: no offset, no kernel address; symbols where known, else dropped', () => {
    const r = sampleReport();
    const out = sanitize(r, { kaslr: true, symbols: symbolMapOf(r, symbolize) });
    const json = JSON.stringify(out);
    expect(json).not.toContain(SECRETS.kaslrOffset);
    expect(json).not.toContain(SECRETS.kaslrOffset.slice(2));
    expect(json).not.toMatch(KERNEL_HEX);
    expect(out.system?.kaslrOffset).toBeNull();
    expect(out.system?.physBase).toBeNull();
    // Frames: pc from the Program or from the frame's own symbol; sp has no symbol.
    const frames = out.backtraces![0]!.frames;
    expect(frames.map((f) => f.pc)).toEqual([
      '__crash_kexec+0x73',
      'panic+0x118',
      'sysrq_handle_crash+0x16',
      '__handle_sysrq.cold+0x44',
      'write_sysrq_trigger+0x24',
      'proc_reg_write+0x56',
      'do_syscall_64+0x5d',
      'entry_SYSCALL_64_after_hwframe+0x6e',
    ]);
    expect(frames.every((f) => f.sp === null)).toBe(true);
    // Registers: kernel values named or gone; user-space and small values stay.
    expect(out.cpus![0]!.registers).toEqual({
      rip: '0x47b7a0',
      rsp: '0x7ffc35b77998',
      rax: '0x0',
      cs: '0x33',
    });
    expect(out.cpus![1]!.registers).toEqual({ rip: 'sysrq_handle_crash+0x16', cs: '0x10' });
    expect(out.cpus![1]!.currentTask).toBeUndefined();
    expect(out.cpus![1]!.idleTask).toBe('init_task+0x0');
    expect(out.tasks!.map((t) => t.task)).toEqual(['init_task+0x0', null, null, null, null, null]);
    expect(out.panic?.task).toBeNull();
    // Physical addresses stay.
    expect(out.iomem).toEqual(r.iomem);
    expect(out.log![5]!.text).toBe(
      'RSP: 0018:[kernel-address] EFLAGS: 00010246\nRAX: sysrq_handle_crash+0x16 RBX: 0000000000000063',
    );
    expect(out.log![6]!.text).toBe(
      'Kernel Offset: [kaslr-offset] from [kernel-address] (relocation range: [kernel-address]-[kernel-address])',
    );
    expect(out.warnings![0]!.message).toBe('task_struct at [kernel-address]: cannot read; skipped');
    expect(out.redactions).toEqual(['kaslr']);
  });

  it('kaslr without a Program: the frames name their own pcs', () => {
    const out = sanitize(sampleReport(), { kaslr: true });
    expect(out.backtraces![0]!.frames[2]!.pc).toBe('sysrq_handle_crash+0x16');
    expect(out.cpus![1]!.registers.rip).toBe('sysrq_handle_crash+0x16');
    expect(out.tasks![0]!.task).toBeNull();
    expect(JSON.stringify(out)).not.toMatch(KERNEL_HEX);
  });

  it('kaslr: a symbol far from the address does not name it', () => {
    const r = sampleReport();
    const far = () => ({ symbol: { name: '_end' }, offset: 0x7fffffffn });
    const out = sanitize(r, { kaslr: true, symbols: symbolMapOf(r, far) });
    expect(JSON.stringify(out)).not.toContain('_end');
  });

  it('comm=<name>: the chosen name goes from comm fields and every text', () => {
    const out = sanitize(sampleReport(), { comms: ['crashme'] });
    const json = JSON.stringify(out);
    expect(json).not.toContain(SECRETS.userComm);
    expect(out.tasks!.find((t) => t.pid === 305)!.comm).toBe('[comm-1]');
    expect(out.panic?.comm).toBe('[comm-1]');
    expect(out.cpus![1]!.currentComm).toBe('[comm-1]');
    expect(out.log![4]!.text).toContain('Comm: [comm-1] Kdump');
    expect(out.tasks!.find((t) => t.pid === 99)!.comm).toBe('sleep');
    expect(out.redactions).toEqual(['comm']);
  });

  it('comm=<name> longer than a comm also matches the kernel’s 15-byte copy', () => {
    const r = sampleReport();
    r.tasks![5]!.comm = 'my-secret-servi';
    r.log![4]!.text = 'my-secret-service[305]: started';
    const out = sanitize(r, { comms: ['my-secret-service'] });
    expect(JSON.stringify(out)).not.toContain('my-secret-servi');
  });

  it('every user task: names of non-kernel threads go as whole words', () => {
    const out = sanitize(sampleReport(), { userComms: true });
    expect(out.tasks!.map((t) => t.comm)).toEqual([
      'swapper/0',
      '[comm-1]',
      'kthreadd',
      'ksoftirqd/0',
      '[comm-2]',
      '[comm-3]',
    ]);
    expect(out.log![7]!.text).toBe('Run /sbin/[comm-1] as [comm-1] process; initcall done');
    const json = JSON.stringify(out);
    expect(json).not.toContain('crashme');
    expect(json).not.toMatch(/\bsleep\b/);
  });

  it('log patterns drop matching records', () => {
    const out = sanitize(sampleReport(), { logPatterns: [/secret-token/g, /^Linux version/] });
    expect(out.log!.map((l) => l.seq)).toEqual([1, 3, 4, 5, 6, 7]);
    expect(out.redactions).toEqual(['log']);
  });

  it('sections: only the chosen ones stay; the signature survives without backtraces', () => {
    const r = sampleReport();
    const out = sanitize(r, { sections: ['dump', 'system', 'panic'], hostname: true });
    expect(Object.keys(out).sort()).toEqual([
      'dump',
      'panic',
      'redactions',
      'schemaVersion',
      'system',
    ]);
    expect(out.panic?.signature).toEqual(reportSignature(r));
    expect(out.panic?.signature?.frames).toEqual([
      'sysrq_handle_crash',
      '__handle_sysrq',
      'write_sysrq_trigger',
    ]);
  });

  it('all options at once, and sanitizing twice changes nothing more', () => {
    const r = sampleReport();
    const options = {
      hostname: true,
      kaslr: true,
      userComms: true,
      comms: ['crashme'],
      logPatterns: [/secret-token/],
      symbols: symbolMapOf(r, symbolize),
    };
    const once = sanitize(r, options);
    const json = JSON.stringify(once);
    for (const s of [
      SECRETS.hostname,
      SECRETS.kaslrOffset,
      SECRETS.userComm,
      SECRETS.stackInLog,
      'hunter2',
    ])
      expect(json).not.toContain(s);
    expect(json).not.toMatch(KERNEL_HEX);
    expect(once.redactions).toEqual(['comm', 'hostname', 'kaslr', 'log']);
    expect(sanitize(once, options)).toEqual(once);
  });
});
