// The report's dump, system and cpus sections against the oracles of every real dump.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/report/report-types';
import { allFixtures, type Fixture } from '../support/fixtures';
import { openFixtureSession } from '../support/session';

interface LibkdumpfileCpu {
  pid: number;
  reg: Record<string, number | string>;
}

/** libkdumpfile's per-CPU registers (for flattened/QEMU-kdump files it ran on the reassembled or the QEMU ELF twin). */
function libkdumpfileCpus(f: Fixture): Record<string, LibkdumpfileCpu> | null {
  for (const name of ['libkdumpfile.json', 'libkdumpfile-reassembled.json']) {
    const p = join(f.oracleDir, name);
    if (!existsSync(p)) continue;
    // JSON numbers above 2^53 lose precision in JSON.parse: read them as strings.
    const text = readFileSync(p, 'utf8').replace(/:\s*(\d{16,})/g, ': "$1"');
    const j = JSON.parse(text) as { attr?: { cpu?: Record<string, LibkdumpfileCpu> } };
    if (j.attr?.cpu) return j.attr.cpu;
  }
  return null;
}

const expectedDumpFormat: Record<string, string> = {
  'elf64-core': 'elf',
  'kdump-compressed': 'kdump',
};

describe.each(allFixtures().map((f) => [f.id, f] as const))('report of %s', (_id, f) => {
  let report: Report;
  beforeAll(async () => {
    const session = await openFixtureSession([f.path]);
    report = await session.report();
    await session.close();
  });
  afterAll(() => undefined);

  it('describes the container', () => {
    const container = f.manifest.container;
    const format = container.startsWith('makedumpfile-flattened') ? 'flattened' : expectedDumpFormat[container.split(' ')[0]!];
    expect(report.dump.format).toBe(format);
    expect(report.dump.compression).toBe(f.manifest.page_compression ?? 'none');
    expect(report.dump.producer).toBe(f.manifest.run === 'run-qemudump' ? 'qemu' : 'kernel');
    expect(report.dump.pageSize).toBe(4096);
  });

  it('gives release, build-id, KASLR offset and phys_base from VMCOREINFO', () => {
    expect(report.system.release).toBe(f.manifest.kernel_release);
    expect(report.system.buildId).toBe(f.buildId);
    expect(report.system.kaslrOffset).toBe(f.manifest.kaslr_offset);
    expect(report.system.physBase).toBe(f.manifest.phys_base);
  });

  it('has one register set per CPU, equal to libkdumpfile', () => {
    expect(report.cpus.length).toBe(f.manifest.guest_cpus);
    const oracle = libkdumpfileCpus(f);
    if (!oracle) return; // qemu-kdump-zlib: compared through its ELF twin below
    for (const c of report.cpus) {
      const o = oracle[String(c.cpu)]!;
      expect(c.pid).toBe(o.pid);
      for (const [name, value] of Object.entries(o.reg)) {
        const ours = c.registers[name] ?? (name === 'rflags' ? c.registers.eflags : undefined);
        expect(ours, `cpu ${c.cpu} ${name}`).toBe(`0x${BigInt(value).toString(16)}`);
      }
    }
  });
});

describe('QEMU kdump and ELF dumps of the same guest', () => {
  const elf = allFixtures().find((f) => f.id === 'qemu-elf');
  const kdump = allFixtures().find((f) => f.id === 'qemu-kdump-zlib');
  it.runIf(elf && kdump)('carry the same registers', async () => {
    const a = await openFixtureSession([elf!.path]);
    const b = await openFixtureSession([kdump!.path]);
    expect((await b.report()).cpus).toEqual((await a.report()).cpus);
    await a.close();
    await b.close();
  });
});
