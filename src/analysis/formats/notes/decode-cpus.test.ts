import { describe, expect, it } from 'vitest';
import { BadDataError, type Warning } from '../../errors';
import { MemorySource } from '../../io/memory-source';
import { openElfCore } from '../elf-core';
import {
  buildElfCore,
  prpsinfoDesc,
  prstatusDesc,
  qemuCpuStateDesc,
  slots,
  textDesc,
  type NoteSpec,
  type QemuStateSpec,
} from '../test-support/elf-writer';
import { decodeCpus, qemuCpuStates, vmcoreInfoOf } from './decode-cpus';
import type { ElfNote } from './elf-note';
import { decodePrpsinfo } from './prpsinfo';
import { decodePrstatus } from './prstatus';
import { decodeQemuCpuState } from './qemu-note';

const asNote = (desc: Uint8Array, type = 1, name = 'CORE'): ElfNote => ({
  name,
  type,
  desc,
  descOffset: 0x1000,
  source: 'vmcore',
});

async function imageWith(notes: NoteSpec[], machine = 62, littleEndian = true, is64 = true) {
  const built = buildElfCore({
    is64,
    machine,
    littleEndian,
    noteSegments: [notes],
    loads: [{ paddr: 0n, data: new Uint8Array(16) }],
  });
  return openElfCore(new MemorySource('vmcore', built.bytes));
}

describe('decodePrstatus', () => {
  it('decodes x86_64 user_regs_struct at pr_reg offset 112', () => {
    // Slot order (asm/user_64.h): 16 = rip, 18 = eflags, 19 = rsp, 21 = fs_base, 26 = gs.
    const regs = slots(27, 0x1000n, { 16: 0xffffffff81000010n, 19: 0xffffc90000003f00n });
    const r = decodePrstatus(asNote(prstatusDesc(305, regs, 8)), 'x86_64', 1)!;
    expect(r).toMatchObject({
      cpu: 1,
      pid: 305,
      arch: 'x86_64',
      source: 'prstatus',
      descOffset: 0x1000,
    });
    expect(r.registers.r15).toBe(0x1000n);
    expect(r.registers.rbp).toBe(0x1004n);
    expect(r.registers.rax).toBe(0x100an);
    expect(r.registers.orig_rax).toBe(0x100fn);
    expect(r.registers.rip).toBe(0xffffffff81000010n);
    expect(r.registers.eflags).toBe(0x1012n);
    expect(r.registers.rsp).toBe(0xffffc90000003f00n);
    expect(r.registers.gs_base).toBe(0x1016n);
    expect(r.registers.gs).toBe(0x101an);
    expect(Object.keys(r.registers).length).toBe(27);
  });

  it('decodes arm64 user_pt_regs (x0..x30, sp, pc, pstate)', () => {
    const regs = slots(34, 0x2000n);
    const r = decodePrstatus(asNote(prstatusDesc(9, regs, 8, false)), 'arm64', 0, false)!;
    expect(r.registers.x0).toBe(0x2000n);
    expect(r.registers.x29).toBe(0x201dn);
    expect(r.registers.x30).toBe(0x201en);
    expect(r.registers.sp).toBe(0x201fn);
    expect(r.registers.pc).toBe(0x2020n);
    expect(r.registers.pstate).toBe(0x2021n);
    expect(r.pid).toBe(9);
  });

  it('decodes i386 user_regs_struct at pr_reg offset 72', () => {
    const r = decodePrstatus(asNote(prstatusDesc(3, slots(17, 0x30n), 4)), 'x86', 0)!;
    expect(r.pid).toBe(3);
    expect(r.registers.ebx).toBe(0x30n);
    expect(r.registers.eip).toBe(0x3cn);
    expect(r.registers.esp).toBe(0x3fn);
    expect(r.registers.ss).toBe(0x40n);
  });

  it('rejects a short descriptor naming the file and offset; unknown arch gives undefined', () => {
    const short = asNote(new Uint8Array(200));
    expect(() => decodePrstatus(short, 'x86_64', 0)).toThrow(BadDataError);
    expect(() => decodePrstatus(short, 'x86_64', 0)).toThrow(/vmcore, offset 0x1000/);
    expect(decodePrstatus(short, 'unknown', 0)).toBeUndefined();
  });
});

const qemuSpec = (cpu: number): QemuStateSpec => ({
  gprs: slots(18, BigInt(cpu) << 32n),
  segments: Array.from({ length: 10 }, (_, i) => ({
    selector: i * 8,
    limit: 0xffff,
    flags: 0xa09b00 + i,
    base: BigInt(i) << 40n,
  })),
  cr: [0x80050033n, 0n, 0x5794a9n, 0x18aa000n + BigInt(cpu) * 0x1000n, 0x750eb0n],
  kernelGsBase: 0xffff888000000000n,
});

describe('QEMU CPU state', () => {
  it('decodes registers, segments and control registers', () => {
    const s = decodeQemuCpuState(asNote(qemuCpuStateDesc(qemuSpec(1)), 0, 'QEMU'), 1);
    expect([s.version, s.size, s.cpu]).toEqual([1, 440, 1]);
    expect(s.gprs.rax).toBe(1n << 32n);
    expect(s.gprs.rip).toBe((1n << 32n) + 16n);
    expect(s.gprs.rflags).toBe((1n << 32n) + 17n);
    expect(s.segments.cs).toEqual({ selector: 0, limit: 0xffff, flags: 0xa09b00, base: 0n });
    expect(s.segments.gs.base).toBe(4n << 40n);
    expect(s.segments.idt.base).toBe(9n << 40n);
    expect(s.cr3).toBe(0x18ab000n);
    expect(s.cr4).toBe(0x750eb0n);
    expect(s.kernelGsBase).toBe(0xffff888000000000n);
  });

  it('accepts the 432-byte state without kernel_gs_base and rejects shorter ones', () => {
    const s = decodeQemuCpuState(
      asNote(qemuCpuStateDesc({ ...qemuSpec(0), kernelGsBase: undefined }), 0, 'QEMU'),
      0,
    );
    expect(s.kernelGsBase).toBeUndefined();
    expect(() => decodeQemuCpuState(asNote(new Uint8Array(100), 0, 'QEMU'), 0)).toThrow(
      BadDataError,
    );
  });
});

describe('decodePrpsinfo', () => {
  const spec = {
    state: 1,
    sname: 'S',
    nice: -5,
    flag: 0x400n,
    uid: 1000,
    gid: 100,
    pid: 42,
    ppid: 1,
    pgrp: 42,
    sid: 42,
    fname: 'sleep',
    psargs: 'sleep 10000',
  };
  it('decodes the LP64 layout', () => {
    expect(decodePrpsinfo(asNote(prpsinfoDesc(spec, true), 3), true)).toEqual({ ...spec, zomb: 0 });
  });
  it('decodes the 32-bit layout (16-bit uid/gid), big endian', () => {
    expect(decodePrpsinfo(asNote(prpsinfoDesc(spec, false, false), 3), false, false)).toEqual({
      ...spec,
      zomb: 0,
    });
  });
});

describe('decodeCpus', () => {
  it('numbers CPUs by NT_PRSTATUS order, skips a bad note with a warning', async () => {
    const img = await imageWith([
      { name: 'CORE', type: 1, desc: prstatusDesc(0, slots(27, 0n), 8) },
      { name: 'CORE', type: 1, desc: new Uint8Array(64) },
      { name: 'VMCOREINFO', type: 0, desc: textDesc('OSRELEASE=6.1\n') },
      { name: 'CORE', type: 1, desc: prstatusDesc(77, slots(27, 0n), 8) },
    ]);
    const warnings: Warning[] = [];
    const cpus = decodeCpus(img, warnings);
    expect(cpus.map((c) => [c.cpu, c.pid])).toEqual([
      [0, 0],
      [2, 77],
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['BAD_PRSTATUS']);
    decodeCpus(img);
    decodeCpus(img);
    expect(img.warnings.filter((w) => w.code === 'BAD_PRSTATUS').length).toBe(1);
    expect(vmcoreInfoOf(img)?.osRelease).toBe('6.1');
  });

  it('uses the arch and byte order of the image', async () => {
    const img = await imageWith(
      [{ name: 'CORE', type: 1, desc: prstatusDesc(5, slots(34, 0x10n), 8, false) }],
      183,
      false,
    );
    const [c] = decodeCpus(img);
    expect(c?.arch).toBe('arm64');
    expect(c?.registers.pc).toBe(0x30n);
    expect(vmcoreInfoOf(img)).toBeNull();
  });

  it('gives QEMU states per vCPU, and falls back to them without NT_PRSTATUS', async () => {
    const qemu = (cpu: number): NoteSpec => ({
      name: 'QEMU',
      type: 0,
      desc: qemuCpuStateDesc(qemuSpec(cpu)),
    });
    const img = await imageWith([qemu(0), qemu(1)]);
    expect(img.producer).toBe('qemu');
    expect(qemuCpuStates(img).map((s) => s.cr3)).toEqual([0x18aa000n, 0x18ab000n]);
    const cpus = decodeCpus(img);
    expect(cpus.map((c) => [c.cpu, c.pid, c.source])).toEqual([
      [0, 1, 'qemu'],
      [1, 2, 'qemu'],
    ]);
    expect(cpus[1]!.registers.rip).toBe((1n << 32n) + 16n);
    expect(cpus[1]!.registers.gs_base).toBe(4n << 40n);
    expect(cpus[1]!.registers.cs).toBe(0n);
    expect(cpus[1]!.registers.ss).toBe(40n);
  });
});
