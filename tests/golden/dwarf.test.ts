// Golden tests of the DWARF index and its TypeSource / CodeSource on Debian's debug
// vmlinux: struct layouts against VMCOREINFO SIZE()/OFFSET()/LENGTH() and against the
// vmlinux .BTF (every member, 4 levels deep), the crashed task's fields read at DWARF
// offsets against crash, lines of `dis -l` against crash, and function + inline frames
// at every stack pc against drgn. The vmlinux is indexed once for the file (2 workers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBtfFromElf } from '../../src/analysis/debuginfo/btf/btf-load';
import type { BtfTypeSource } from '../../src/analysis/debuginfo/btf/btf-source';
import {
  memberAt,
  offsetOf,
  sizeOf,
  stripTypedefs,
} from '../../src/analysis/debuginfo/type-queries';
import type { Type } from '../../src/analysis/debuginfo/types';
import { readU64 } from '../../src/analysis/memory/address-space';
import { openDwarfFile, type NodeDwarf } from '../../src/node/open-dwarf';
import { allFixtures, hasOracle, readOracle, vmlinuxPath, type Fixture } from '../support/fixtures';
import { openVmlinux, openWithKallsyms, timed, type OpenedDump } from './debuginfo-support';
import { layout, vmcoreinfoMismatches } from './type-layout-support';

const vmlinux = vmlinuxPath();
const fixture: Fixture | undefined = allFixtures().find(
  (f) => f.vmlinux && hasOracle(f, 'crash-8.0.6.txt') && hasOracle(f, 'drgn-stacks.json'),
);
const STRUCTS = [
  'task_struct',
  'mm_struct',
  'list_head',
  'printk_info',
  'printk_ringbuffer',
  'prb_desc',
  'prb_desc_ring',
  'resource',
  'rq',
  'uts_namespace',
  'pglist_data',
  'zone',
  'page',
];

let dwarf: NodeDwarf;
let btf: BtfTypeSource;
let dump: OpenedDump;
let kaslr: bigint;

describe.skipIf(!vmlinux || !fixture)('DWARF of the debug vmlinux', () => {
  beforeAll(async () => {
    let ms: number;
    [dwarf, ms] = await timed(() => openDwarfFile(vmlinux!, 2));
    console.log(
      `DWARF index: ${dwarf.index.unitCount} units, ${dwarf.index.functionCount} function ranges, ${ms.toFixed(0)} ms with 2 workers`,
    );
    const { elf, close } = await openVmlinux(vmlinux!);
    btf = await loadBtfFromElf(elf);
    await close();
    dump = await openWithKallsyms(fixture!);
    kaslr = BigInt(fixture!.manifest.kaslr_offset);
  });
  afterAll(async () => {
    await dwarf?.close();
    await dump?.close();
  });

  it('gives every VMCOREINFO SIZE(), OFFSET() and member LENGTH()', () => {
    const { wrong, checked } = vmcoreinfoMismatches(dwarf.types, dump.vmcoreinfo.entries());
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(60);
    console.log(`${checked} VMCOREINFO SIZE/OFFSET/LENGTH lines match DWARF`);
  });

  it('lays out kernel structs member for member as the vmlinux .BTF does', () => {
    let members = 0;
    for (const s of STRUCTS) {
      const d = dwarf.types.findType(`struct ${s}`)!;
      const b = btf.findType(`struct ${s}`)!;
      const mine = layout(d);
      expect(mine, s).toEqual(layout(b));
      expect(sizeOf(d), s).toBe(sizeOf(b));
      members += mine.length;
    }
    expect(members).toBeGreaterThan(1000);
    console.log(`${members} members of ${STRUCTS.length} structs match BTF`);
    // Types by other names and kinds. (Compare summaries: printing a lazy type graph is huge.)
    expect(brief(dwarf.types.findType('atomic_long_t'))).toEqual({
      kind: 'typedef',
      name: 'atomic_long_t',
    });
    expect(brief(dwarf.types.findType('enum pid_type'))).toEqual({
      kind: 'enum',
      name: 'pid_type',
      size: 4,
    });
    expect(brief(dwarf.types.findType('unsigned long'))).toEqual({
      kind: 'int',
      name: 'long unsigned int',
      size: 8,
    });
    const initTask = stripTypedefs(dwarf.types.findVariableType('init_task')!);
    expect(brief(initTask)).toEqual({ kind: 'struct', name: 'task_struct', size: 9728 });
    expect(layout(initTask)).toEqual(layout(dwarf.types.findType('struct task_struct')!));
    expect(brief(stripTypedefs(dwarf.types.findVariableType('runqueues')!))).toEqual({
      kind: 'struct',
      name: 'rq',
      size: sizeOf(btf.findType('struct rq')!),
    });
  });

  it("reads the crashed task's fields at DWARF offsets as crash prints them", async () => {
    const block = readOracle(fixture!, 'crash-8.0.6.txt')
      .split(/^crash> /m)
      .find((b) => b.startsWith('struct task_struct.'))!;
    const addr = BigInt(/ (0x[0-9a-f]+)\n/.exec(block)![1]!);
    const fields = new Map([...block.matchAll(/^\s+(\w+) = (.*),$/gm)].map((m) => [m[1]!, m[2]!]));
    const task = dwarf.types.findType('struct task_struct')!;
    const pob = await readU64(dump.space, dump.kallsyms.lookup('page_offset_base')!.address);
    const read = (va: bigint, n: number) => dump.image.readPhys(va - pob, n);
    for (const field of ['pid', 'tgid', '__state', 'on_cpu', 'flags']) {
      const m = memberAt(task, field);
      const b = await read(addr + BigInt(m.bitOffset / 8), sizeOf(m.type));
      const v = b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
      expect(String(v), field).toBe(fields.get(field));
    }
    const comm = await read(addr + BigInt(offsetOf(task, 'comm')), 16);
    const text = new TextDecoder().decode(comm.subarray(0, comm.indexOf(0)));
    expect(fields.get('comm')!.startsWith(`"${text}\\000`)).toBe(true);
  });

  it('maps every instruction of `dis -l sysrq_handle_crash` and `dis -l panic` to crash’s file:line', () => {
    const text = readOracle(fixture!, 'crash-8.0.6.txt');
    let checked = 0;
    for (const fn of ['sysrq_handle_crash', 'panic']) {
      const block = text.split(/^crash> /m).find((b) => b.startsWith(`dis -l ${fn}\n`))!;
      let want: { file: string; line: number } | null = null;
      for (const l of block.split('\n').slice(1)) {
        const src = /^(\S+): (\d+)$/.exec(l);
        if (src) want = { file: src[1]!, line: Number(src[2]) };
        const insn = /^0x([0-9a-f]+) <(\w+)/.exec(l);
        if (!insn || !want) continue;
        const pc = BigInt(`0x${insn[1]}`) - kaslr;
        expect(dwarf.code.functionAt(pc)?.name, l).toBe(fn);
        expect(dwarf.code.lineAt(pc), l).toMatchObject(want);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    const low = dwarf.code.functionAt(0xffffffffac6a89f0n - kaslr)!;
    expect([low.low + kaslr, low.high - low.low]).toEqual([0xffffffffac6a89f0n, 0x16n]);
  });

  it('finds the function and the inline frames drgn shows at every stack pc', () => {
    const tasks = JSON.parse(readOracle(fixture!, 'drgn-stacks.json')) as {
      pid: number;
      frames: { name: string | null; pc: string; inline: boolean; interrupted: boolean }[];
    }[];
    let groups = 0;
    let inlined = 0;
    for (const t of tasks) {
      // drgn lists the inline frames of one pc (innermost first), then the real function.
      for (let i = 0; i < t.frames.length;) {
        const pcText = t.frames[i]!.pc;
        const group = [];
        while (i < t.frames.length && t.frames[i]!.pc === pcText) group.push(t.frames[i++]!);
        const real = group[group.length - 1]!;
        if (real.name === null) continue; // assembly without DWARF (entry code, user space)
        // A return address belongs to the call before it (drgn: pc - 1 unless interrupted).
        const pc = BigInt(pcText) - kaslr - (real.interrupted ? 0n : 1n);
        const names = [
          ...dwarf.code.inlineChainAt(pc).map((f) => f.name),
          dwarf.code.functionAt(pc)?.name,
        ];
        expect(names, `pid ${t.pid} pc ${pcText}`).toEqual(group.map((f) => f.name));
        groups++;
        inlined += group.length - 1;
      }
    }
    expect(groups).toBeGreaterThan(150);
    expect(inlined).toBeGreaterThan(20);
    // The panicking CPU stopped inside __crash_kexec, in crash_setup_regs inlined into it.
    const rip =
      BigInt(tasks.find((t) => t.pid === fixture!.manifest.panic_pid)!.frames[0]!.pc) - kaslr;
    expect(dwarf.code.functionAt(rip)?.name).toBe('__crash_kexec');
    const chain = dwarf.code.inlineChainAt(rip);
    expect(chain[0]).toMatchObject({
      name: 'crash_setup_regs',
      callFile: expect.stringMatching(/kernel\/kexec_core\.c$/) as string,
    });
    expect(chain[0]!.callLine).toBeGreaterThan(0);
  });
});

function brief(
  t: Type | undefined,
): { kind: string; name: string | null; size?: number | null } | undefined {
  if (!t) return undefined;
  return 'size' in t
    ? { kind: t.kind, name: t.name, size: t.size }
    : { kind: t.kind, name: t.name };
}
