// The unwinder on synthetic stacks and ORC tables: every entry type and base register, a
// stack switch, corrupt and missing entries, loops and recursion (which must end with a
// warning), the call-scan and frame-pointer fallbacks.
import { describe, expect, it } from 'vitest';
import { FakeMemory } from '../helpers/linux/test-support/fake-memory';
import type { OrcFormatVersion } from './orc-entry';
import { OrcTable } from './orc-table';
import { PT_REGS_NAMES } from './pt-regs';
import { StackReader } from './stack-reader';
import { writeOrc, type RawOrc } from './test-support/orc-writer';
import { unwind, type UnwindContext } from './unwinder';
import type { StackRange, UnwindStart } from './unwind-types';

const T = 0xffffffff81000000n; // text: function k at T + k * 0x100
const fn = (k: number, off = 0) => T + BigInt(k * 0x100 + off);
const S = 0xffffc90000010000n; // task stack [S, S + 16K)
const I = 0xffffc90000100000n; // IRQ stack [I, I + 16K)
const ORC_AT = 0xffffffff82000000n;
const [A, B, C, E, F, G, H] = [1, 2, 3, 5, 6, 8, 7];

const TASK: StackRange = { start: S, end: S + 0x4000n, kind: 'task', label: 'task' };
const IRQ: StackRange = { start: I, end: I + 0x4000n, kind: 'irq', label: 'IRQ' };
const N = 0xfffffe0000010000n; // an NMI (IST) stack in the cpu_entry_area
const NMI: StackRange = { start: N, end: N + 0x1000n, kind: 'exception', label: 'NMI' };

function setup(entries: RawOrc[] | null, version: OrcFormatVersion = 3, raw?: Map<number, number>) {
  const mem = new FakeMemory();
  mem.alloc(S, 0x4000);
  mem.alloc(I, 0x4000);
  mem.alloc(N, 0x1000);
  mem.alloc(T, 0x1000);
  const sorted = entries && [...entries].sort((a, b) => (a.ip < b.ip ? -1 : 1));
  const orc = sorted && new OrcTable({ name: 't', ipTableAddress: ORC_AT, ...writeOrc(ORC_AT, sorted, version, raw), version, ranges: [{ start: T, end: T + 0x1000n }] });
  const reader = new StackReader(mem);
  const stacks = { stackOf: (a: bigint) => [TASK, IRQ, NMI].find((r) => a >= r.start && a < r.end) };
  const isKernelText = (ip: bigint) => ip >= T && ip < T + 0x1000n;
  const ctx: UnwindContext = {
    memory: reader,
    orc,
    stacks,
    isKernelText,
    callScan: {
      memory: reader,
      stacks,
      isKernelText,
      functionStart: (ip) => (isKernelText(ip) ? ip & ~0xffn : undefined),
      readText: (a, n) => mem.read(a, n),
    },
  };
  return { mem, ctx };
}

const at = (ip: bigint, sp: bigint, bp = 0n): UnwindStart => ({ ip, sp, bp, regs: null, signal: true, method: 'registers' });
const callEntry = (k: number, spOffset: number, extra: Partial<RawOrc> = {}): RawOrc => ({ ip: fn(k), type: 'call', spReg: 'sp', spOffset, ...extra });
const end = (k: number): RawOrc => ({ ip: fn(k), type: 'end-of-stack' });
const term = (k: number): RawOrc => ({ ip: fn(k), type: 'undefined' });

function writeRegs(mem: FakeMemory, at: bigint, regs: Record<string, bigint>): void {
  PT_REGS_NAMES.forEach((n, i) => mem.writeU64(at + BigInt(i * 8), regs[n] ?? 0n));
}

describe('ORC unwinding', () => {
  // A (frame 24) ← B (frame 16) ← C (end of stack).
  const chain = [callEntry(A, 24), callEntry(B, 16), end(C), term(4)];

  it.each([1, 3, 4] as const)('follows CALL frames to END_OF_STACK (format %s)', async (v) => {
    const { mem, ctx } = setup(chain, v);
    mem.writeU64(S + 16n, fn(B, 0x50));
    mem.writeU64(S + 32n, fn(C, 0x50));
    const r = await unwind(at(fn(A, 0x10), S), ctx);
    expect(r.frames.map((f) => [f.pc, f.sp])).toEqual([
      [fn(A, 0x10), S],
      [fn(B, 0x50), S + 24n],
      [fn(C, 0x50), S + 40n],
    ]);
    expect(r.end).toBe('end-of-stack');
    expect(r.warnings).toEqual([]);
    expect(r.frames.map((f) => f.method)).toEqual(['registers', 'orc', 'orc']);
  });

  it('takes the CFA from BP and restores bp from the frame (PREV_SP), then BP_INDIRECT', async () => {
    const { mem, ctx } = setup([
      callEntry(A, 16, { spReg: 'bp', bpReg: 'prev_sp', bpOffset: -16 }),
      callEntry(B, -8, { spReg: 'bp_indirect', bpReg: 'bp', bpOffset: 0 }),
      end(C),
    ]);
    // A: bp = S+0x40; caller's sp = bp+16; return address at bp+8; caller's bp at bp.
    mem.writeU64(S + 0x40n, S + 0x100n);
    mem.writeU64(S + 0x48n, fn(B, 0x20));
    // B: CFA = *(bp - 8) = S+0x200; return address into C at S+0x1f8; bp = *(bp + 0).
    mem.writeU64(S + 0xf8n, S + 0x200n);
    mem.writeU64(S + 0x1f8n, fn(C, 0x30));
    mem.writeU64(S + 0x100n, 0x1234n);
    const r = await unwind(at(fn(A, 4), S, S + 0x40n), ctx);
    expect(r.frames.map((f) => [f.pc, f.sp])).toEqual([
      [fn(A, 4), S],
      [fn(B, 0x20), S + 0x50n],
      [fn(C, 0x30), S + 0x200n],
    ]);
    expect(r.end).toBe('end-of-stack');
  });

  it('crosses a full pt_regs (REGS) into the interrupted kernel code, and stops at user mode', async () => {
    const { mem, ctx } = setup([callEntry(A, 24), { ip: fn(E), type: 'regs', spReg: 'sp', spOffset: 0, signal: true }, callEntry(B, 16), end(C)]);
    mem.writeU64(S + 16n, fn(E, 0x40));
    writeRegs(mem, S + 24n, { rip: fn(B, 0x10), rsp: S + 0x200n, cs: 0x10n, rbp: 0x77n, r12: 12n });
    mem.writeU64(S + 0x208n, fn(C, 0x40));
    const r = await unwind(at(fn(A, 1), S), ctx);
    expect(r.frames.map((f) => f.pc)).toEqual([fn(A, 1), fn(E, 0x40), fn(B, 0x10), fn(C, 0x40)]);
    expect(r.frames[1]!.saved).toMatchObject({ address: S + 24n, partial: false });
    expect(r.frames[1]!.saved!.regs.r12).toBe(12n);
    expect(r.frames[2]).toMatchObject({ signal: true, method: 'registers', sp: S + 0x200n });

    writeRegs(mem, S + 24n, { rip: 0x401000n, rsp: 0x7ffd0000n, cs: 0x33n });
    const u = await unwind(at(fn(A, 1), S), { ...ctx, memory: new StackReader(mem) });
    expect(u.frames.map((f) => f.pc)).toEqual([fn(A, 1), fn(E, 0x40)]);
    expect(u.end).toBe('user-mode');
    expect(u.frames[1]!.saved!.regs.rip).toBe(0x401000n);
  });

  it('reads an IRET frame (REGS_PARTIAL); a later R10-based frame without full registers stops', async () => {
    const { mem, ctx } = setup([callEntry(A, 8), { ip: fn(F), type: 'regs-partial', spReg: 'sp', spOffset: 0, signal: true }, { ip: fn(B), type: 'call', spReg: 'r10', spOffset: 0 }, end(C)]);
    mem.writeU64(S, fn(F, 8));
    // IRET frame at S+8: rip, cs, eflags, rsp, ss.
    [fn(B, 0x10), 0x10n, 0x246n, S + 0x300n, 0x18n].forEach((v, i) => mem.writeU64(S + 8n + BigInt(i * 8), v));
    const r = await unwind(at(fn(A, 1), S), ctx);
    expect(r.frames.map((f) => f.pc)).toEqual([fn(A, 1), fn(F, 8), fn(B, 0x10)]);
    expect(r.frames[1]!.saved).toMatchObject({ address: S + 8n - 128n, partial: true });
    expect(r.end).toBe('error');
    expect(r.warnings[0]!.message).toMatch(/needs R10/);
  });

  it('takes R10/R13/DI/DX-based CFAs from a full pt_regs', async () => {
    for (const reg of ['r10', 'r13', 'di', 'dx'] as const) {
      const { mem, ctx } = setup([callEntry(A, 24), { ip: fn(E), type: 'regs', spReg: 'sp', spOffset: 0, signal: true }, { ip: fn(B), type: 'call', spReg: reg, spOffset: 0 }, end(C)]);
      mem.writeU64(S + 16n, fn(E, 0x40));
      const name = { r10: 'r10', r13: 'r13', di: 'rdi', dx: 'rdx' }[reg];
      writeRegs(mem, S + 24n, { rip: fn(B, 0x10), rsp: S + 0x200n, cs: 0x10n, [name]: S + 0x400n });
      mem.writeU64(S + 0x3f8n, fn(C, 0x40));
      const r = await unwind(at(fn(A, 1), S), ctx);
      expect(r.frames.map((f) => [f.pc, f.sp])).toEqual([
        [fn(A, 1), S],
        [fn(E, 0x40), S + 24n],
        [fn(B, 0x10), S + 0x200n],
        [fn(C, 0x40), S + 0x400n],
      ]);
    }
  });

  it('switches from the IRQ stack back to the task stack through SP_INDIRECT (call_on_irqstack)', async () => {
    const { mem, ctx } = setup([callEntry(H, 8), { ip: fn(G), type: 'call', spReg: 'sp_indirect', spOffset: 16 }, end(C)]);
    const top = I + 0x4000n - 8n; // the word call_on_stack() stores the old sp in
    mem.writeU64(top, S + 0x100n);
    mem.writeU64(top - 8n, fn(G, 0x30)); // H's return address
    mem.writeU64(S + 0x108n, fn(C, 0x10));
    const r = await unwind(at(fn(H, 2), top - 8n), ctx);
    expect(r.frames.map((f) => [f.pc, f.stack?.label])).toEqual([
      [fn(H, 2), 'IRQ'],
      [fn(G, 0x30), 'IRQ'],
      [fn(C, 0x10), 'task'],
    ]);
    expect(r.frames[2]!.sp).toBe(S + 0x110n);
    expect(r.end).toBe('end-of-stack');
  });

  it('leaves an exception (NMI) stack through the pt_regs the entry code saved on it', async () => {
    const { mem, ctx } = setup([callEntry(A, 16), { ip: fn(E), type: 'regs', spReg: 'sp', spOffset: 0, signal: true }, callEntry(B, 16), end(C)]);
    const sp = N + 0x1000n - 168n - 0x20n;
    mem.writeU64(sp + 8n, fn(E, 0x40));
    writeRegs(mem, sp + 16n, { rip: fn(B, 0x10), rsp: S + 0x300n, cs: 0x10n });
    mem.writeU64(S + 0x308n, fn(C, 0x40));
    const r = await unwind(at(fn(A, 1), sp), ctx);
    expect(r.frames.map((f) => [f.pc, f.stack?.label])).toEqual([
      [fn(A, 1), 'NMI'],
      [fn(E, 0x40), 'NMI'],
      [fn(B, 0x10), 'task'],
      [fn(C, 0x40), 'task'],
    ]);
    expect(r.frames[1]!.saved!.regs.rsp).toBe(S + 0x300n);
    expect(r.end).toBe('end-of-stack');
  });

  it('stops when a stack is entered a second time', async () => {
    // H (IRQ stack) ← G (back to the task stack) ← C ← H again: C's caller's sp is on the IRQ stack.
    const { mem, ctx } = setup([callEntry(H, 8), { ip: fn(G), type: 'call', spReg: 'sp_indirect', spOffset: 16 }, callEntry(C, 8)]);
    const top = I + 0x4000n - 8n;
    mem.writeU64(top, S + 0x100n);
    mem.writeU64(top - 8n, fn(G, 0x30));
    mem.writeU64(S + 0x108n, fn(C, 0x10));
    mem.writeU64(S + 0x110n, fn(H, 0x40));
    mem.writeU64(S + 0x118n, fn(G, 0x31));
    mem.writeU64(S + 0x120n, top - 0x100n);
    const r = await unwind(at(fn(H, 2), top - 8n), ctx);
    expect(r.frames.map((f) => f.stack?.label)).toEqual(['IRQ', 'IRQ', 'task', 'task', 'task']);
    expect(r.end).toBe('error');
    expect(r.warnings[0]!.message).toMatch(/IRQ stack entered twice/);
  });

  it('stops with a warning on frames that do not make progress (a loop)', async () => {
    const { mem, ctx } = setup([callEntry(A, 0), term(2)]);
    mem.writeU64(S - 8n + 0x100n, fn(A, 5));
    const r = await unwind(at(fn(A, 5), S + 0x100n), ctx);
    expect(r.end).toBe('error');
    expect(r.warnings[0]!.message).toMatch(/wrong direction/);
    expect(r.frames.length).toBe(1);
  });

  it('stops at the frame limit on an endless but growing chain', async () => {
    const { mem, ctx } = setup([callEntry(A, 8), term(2)]);
    for (let o = 0n; o < 0x4000n; o += 8n) mem.writeU64(S + o, fn(A, 9));
    const r = await unwind(at(fn(A, 9), S), { ...ctx, maxFrames: 100 });
    expect(r.end).toBe('frame-limit');
    expect(r.frames.length).toBe(100);
    expect(r.warnings[0]!.code).toBe('UNWIND_LIMIT');
  });

  it('stops on a corrupt entry and on an UNDEFINED one', async () => {
    const { ctx } = setup([callEntry(A, 8), term(2)], 3, new Map([[0, 0x0705]]));
    const r = await unwind(at(fn(A, 1), S), ctx);
    expect(r.end).toBe('error');
    expect(r.warnings[0]!.message).toMatch(/corrupt ORC entry/);
    const u = await unwind(at(fn(2, 1), S), setup([callEntry(A, 8), term(2)]).ctx);
    expect(u.warnings[0]!.message).toMatch(/ORC UNDEFINED/);
    expect(u.frames).toHaveLength(1);
  });

  it('stops when a read leaves the known stacks or a return address is not text', async () => {
    const { mem, ctx } = setup([callEntry(A, 0x5000), callEntry(B, 8), end(C)]);
    const r = await unwind(at(fn(A, 1), S), ctx);
    expect(r.warnings[0]!.message).toMatch(/outside the known stacks/);
    mem.writeU64(S, 0xdeadbeefn);
    const n = await unwind(at(fn(B, 1), S), ctx);
    expect(n.warnings[0]!.message).toMatch(/not kernel text/);
  });

  it('unwinds a call through a NULL function pointer (ip 0)', async () => {
    const { mem, ctx } = setup([callEntry(B, 8), end(C)]);
    mem.writeU64(S, fn(B, 0x22));
    mem.writeU64(S + 8n, fn(C, 0x22));
    const r = await unwind(at(0n, S), ctx);
    expect(r.frames.map((f) => f.pc)).toEqual([0n, fn(B, 0x22), fn(C, 0x22)]);
  });
});

describe('fallbacks', () => {
  it('finds the caller of an UNDEFINED function by its call instruction', async () => {
    const { mem, ctx } = setup([term(A), callEntry(B, 0x10), end(C)]);
    // Stale return address into B after a call to some other function: not taken.
    mem.writeU64(S + 0x10n, fn(B, 0x30));
    mem.write(fn(B, 0x30) - 5n, Uint8Array.of(0xe8, 0, 0, 0, 0));
    // The live one: `call A` right before it.
    const ret = fn(B, 0x60);
    const rel = Number(fn(A) - ret);
    const insn = new Uint8Array(5);
    insn[0] = 0xe8;
    new DataView(insn.buffer).setInt32(1, rel, true);
    mem.write(ret - 5n, insn);
    mem.writeU64(S + 0x28n, ret);
    mem.writeU64(S + 0x38n, fn(C, 4));
    const r = await unwind(at(fn(A, 0x40), S), ctx);
    expect(r.frames.map((f) => [f.pc, f.sp, f.method])).toEqual([
      [fn(A, 0x40), S, 'registers'],
      [ret, S + 0x30n, 'stack-scan'],
      [fn(C, 4), S + 0x40n, 'orc'],
    ]);
    expect(r.end).toBe('end-of-stack');
    // Without that call the unwind stops rather than guess.
    mem.write(ret - 5n, new Uint8Array(5));
    const s = await unwind(at(fn(A, 0x40), S), ctx);
    expect(s.frames).toHaveLength(1);
    expect(s.end).toBe('error');
  });

  it('walks frame pointers when there is no ORC, marking every frame and warning once', async () => {
    const { mem, ctx } = setup(null);
    mem.writeU64(S + 0x40n, S + 0x80n);
    mem.writeU64(S + 0x48n, fn(B, 0x10));
    mem.writeU64(S + 0x80n, 0n);
    mem.writeU64(S + 0x88n, fn(C, 0x10));
    const r = await unwind({ ...at(fn(A, 1), S, S + 0x40n), method: 'registers' }, ctx);
    expect(r.frames.map((f) => [f.pc, f.sp, f.method])).toEqual([
      [fn(A, 1), S, 'registers'],
      [fn(B, 0x10), S + 0x50n, 'frame-pointer'],
      [fn(C, 0x10), S + 0x90n, 'frame-pointer'],
    ]);
    expect(r.end).toBe('end-of-stack');
    expect(r.warnings.map((w) => w.code)).toEqual(['UNWIND_FRAME_POINTER']);
  });

  it('follows an encoded frame pointer (pt_regs | 1) to the interrupted registers', async () => {
    const { mem, ctx } = setup(null);
    mem.writeU64(S + 0x40n, (S + 0x100n) | 1n);
    mem.writeU64(S + 0x48n, fn(E, 0x10));
    writeRegs(mem, S + 0x100n, { rip: 0x401000n, rsp: 0x7ffd0000n, cs: 0x33n });
    const r = await unwind(at(fn(A, 1), S, S + 0x40n), ctx);
    expect(r.frames.map((f) => f.pc)).toEqual([fn(A, 1), fn(E, 0x10)]);
    expect(r.frames[1]!.saved!.address).toBe(S + 0x100n);
    expect(r.end).toBe('user-mode');
  });
});
