// Oracles of the backtrace golden tests: crash 8.0.6's `foreach bt` split per task, drgn's
// per-task stacks and its per-CPU stacks unwound from each NT_PRSTATUS, and a Program
// opened with the vmlinux's DWARF (source lines, inline frames) when asked for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CachedSource } from '../../src/analysis/io/cached-source';
import { openProgram } from '../../src/analysis/program/open-program';
import type { Program } from '../../src/analysis/program/program';
import { openFileSource } from '../../src/node/file-source';
import { SyncFileReader } from '../../src/node/sync-file-reader';
import { allFixtures, hasOracle, vmlinuxPath, type Fixture } from '../support/fixtures';
import { crashBlock, openFixtureImage } from './kernel-state-support';

export type BtMode = 'dump' | 'vmlinux' | 'dwarf';

export async function openBtProgram(f: Fixture, mode: BtMode): Promise<{ prog: Program; close(): Promise<void> }> {
  const { image, close } = await openFixtureImage(f);
  if (mode === 'dump') return { prog: await openProgram(image), close };
  const path = vmlinuxPath()!;
  const file = await openFileSource(path);
  const reader = mode === 'dwarf' ? new SyncFileReader(path) : undefined;
  const prog = await openProgram(image, { vmlinux: new CachedSource(file, { budgetBytes: 64 << 20 }), dwarf: reader && { reader } });
  return {
    prog,
    close: async () => {
      await close();
      await file.close();
    },
  };
}

export interface CrashTaskBt {
  pid: number;
  task: string;
  cpu: number;
  comm: string;
  /** Every line of the task's block, header included. */
  lines: string[];
  frames: { name: string; pc: string; slot: string }[];
  errors: string[];
}

/** crash's `foreach bt`, one entry per task block. */
export function crashForeachBt(f: Fixture): CrashTaskBt[] {
  const lines = crashBlock(f, 'foreach bt');
  if (!lines) return [];
  const out: CrashTaskBt[] = [];
  for (const line of lines) {
    const h = /^PID: (\d+)\s+TASK: ([0-9a-f]+)\s+CPU: (\d+)\s+COMMAND: "(.*)"$/.exec(line);
    if (h) {
      out.push({ pid: +h[1]!, task: `0x${h[2]}`, cpu: +h[3]!, comm: h[4]!, lines: [line], frames: [], errors: [] });
      continue;
    }
    const cur = out[out.length - 1];
    if (!cur || line === '') continue;
    cur.lines.push(line);
    const fr = /^\s*#\d+ \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)/.exec(line);
    if (fr) cur.frames.push({ slot: `0x${fr[1]}`, name: fr[2]!, pc: `0x${fr[3]}` });
    if (line.startsWith('bt: ')) cur.errors.push(line);
  }
  return out;
}

export interface DrgnFrame {
  name: string | null;
  pc: string;
  sp: string;
  symbol: string | null;
  inline: boolean;
  interrupted: boolean;
}

export function drgnStacks(f: Fixture): Map<string, DrgnFrame[]> | null {
  const o = oracleFixture(f, 'drgn-stacks.json');
  if (!o) return null;
  const list = JSON.parse(readFileSync(join(o.oracleDir, 'drgn-stacks.json'), 'utf8')) as { task: string; frames: DrgnFrame[] }[];
  return new Map(list.map((t) => [t.task, t.frames]));
}

/** drgn's stack from each NT_PRSTATUS note, by note index (= CPU). */
export function drgnPrstatusStacks(f: Fixture): Map<number, DrgnFrame[]> | null {
  const o = oracleFixture(f, 'drgn-prstatus-stacks.json');
  if (!o) return null;
  const list = JSON.parse(readFileSync(join(o.oracleDir, 'drgn-prstatus-stacks.json'), 'utf8')) as { note_index: number; frames: DrgnFrame[] }[];
  return new Map(list.map((n) => [n.note_index, n.frames]));
}

/**
 * The fixture whose drgn oracle describes this dump: its own, or for QEMU's kdump file
 * (which drgn 0.0.22 cannot open, README point 6) the QEMU ELF dump of the same guest
 * state (same run, same memory: one QMP session wrote both).
 */
function oracleFixture(f: Fixture, name: string): Fixture | null {
  if (hasOracle(f, name)) return f;
  if (f.id === 'qemu-kdump-zlib') {
    const twin = allFixtures().find((x) => x.id === 'qemu-elf');
    if (twin && hasOracle(twin, name)) return twin;
  }
  return null;
}

/** drgn's kernel frames that are not inline, as pcs: the sequence a frame list must have. */
export function drgnKernelPcs(frames: DrgnFrame[]): string[] {
  return frames.filter((x) => !x.inline && BigInt(x.pc) >= 0xffff800000000000n).map((x) => x.pc);
}
