// Golden tests of BTF on the real dumps: the vmlinux .BTF against the copy in each dump's
// memory (found through kallsyms __start_BTF/__stop_BTF), struct layouts against the
// VMCOREINFO SIZE()/OFFSET()/LENGTH() lines, and values read at BTF offsets against
// crash, drgn and the manifest (task_struct, rq, resource, mm_struct, list_head).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBtfFromElf, loadBtfFromMemory } from '../../src/analysis/debuginfo/btf/btf-load';
import type { BtfTypeSource } from '../../src/analysis/debuginfo/btf/btf-source';
import {
  memberAt,
  offsetOf,
  sizeOf,
  stripTypedefs,
} from '../../src/analysis/debuginfo/type-queries';
import type { Type } from '../../src/analysis/debuginfo/types';
import { readU64, type AddressSpace } from '../../src/analysis/memory/address-space';
import { vmcoreinfoMismatches } from './type-layout-support';
import { allFixtures, hasOracle, readOracle, vmlinuxPath, type Fixture } from '../support/fixtures';
import { openVmlinux, openWithKallsyms, timed, type OpenedDump } from './debuginfo-support';

const fixtures = allFixtures();
const vmlinux = vmlinuxPath();
const STRUCTS = [
  'task_struct',
  'mm_struct',
  'list_head',
  'printk_info',
  'resource',
  'rq',
  'page',
  'zone',
  'pglist_data',
  'prb_desc_ring',
];

let vmlinuxBtf: BtfTypeSource | undefined;
let vmlinuxBlob: Uint8Array | undefined;

beforeAll(async () => {
  if (!vmlinux) return;
  const { elf, close } = await openVmlinux(vmlinux);
  let ms: number;
  [vmlinuxBtf, ms] = await timed(() => loadBtfFromElf(elf));
  vmlinuxBlob = await elf.readSection('.BTF');
  const [, indexMs] = await timed(() => Promise.resolve(vmlinuxBtf!.findType('task_struct')));
  console.log(
    `vmlinux .BTF: ${vmlinuxBtf.count} types, ${vmlinuxBlob.length} bytes, load ${ms.toFixed(0)} ms, name index ${indexMs.toFixed(0)} ms`,
  );
  await close();
});

/** Kernel image addresses through phys_base; the direct map through page_offset_base. */
async function kernelReader(d: OpenedDump): Promise<AddressSpace> {
  const pobAddr = d.kallsyms.lookup('page_offset_base')!.address;
  const pob = await readU64(d.space, pobAddr);
  return {
    kind: 'virtual',
    read: (va, n) =>
      va >= 0xffffffff80000000n ? d.space.read(va, n) : d.image.readPhys(va - pob, n),
  };
}

async function readUint(
  mem: AddressSpace,
  base: bigint,
  type: Type,
  path: string,
): Promise<bigint> {
  const m = memberAt(type, path);
  const size = sizeOf(m.type);
  const b = await mem.read(base + BigInt(m.bitOffset / 8), size);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

async function readCString(mem: AddressSpace, at: bigint, max = 64): Promise<string> {
  const b = await mem.read(at, max);
  const end = b.indexOf(0);
  return new TextDecoder().decode(b.subarray(0, end < 0 ? max : end));
}

/** Every member of `t` (recursively through nested structs) as "path offset size". */
function layout(t: Type, prefix = '', out: string[] = [], depth = 0): string[] {
  const s = stripTypedefs(t);
  if ((s.kind !== 'struct' && s.kind !== 'union') || depth > 4) return out;
  for (const m of s.members) {
    const name = m.name ?? '(anon)';
    out.push(
      `${prefix}${name} ${m.bitOffset} ${m.bitSize ?? ''} ${(() => {
        try {
          return sizeOf(m.type);
        } catch {
          return '?';
        }
      })()}`,
    );
    layout(m.type, `${prefix}${name}.`, out, depth + 1);
  }
  return out;
}

/** `crash> struct task_struct.pid,… ADDR` block → address and field values as crash printed them. */
function crashTaskFields(f: Fixture): { addr: bigint; fields: Map<string, string> } | undefined {
  if (!hasOracle(f, 'crash-8.0.6.txt')) return undefined;
  const block = readOracle(f, 'crash-8.0.6.txt')
    .split(/^crash> /m)
    .find((b) => b.startsWith('struct task_struct.'));
  if (!block) return undefined;
  const addr = BigInt(/ (0x[0-9a-f]+)\n/.exec(block)![1]!);
  const fields = new Map<string, string>();
  for (const m of block.matchAll(/^\s+(\w+) = (.*),$/gm)) fields.set(m[1]!, m[2]!);
  return { addr, fields };
}

for (const f of fixtures) {
  describe(`BTF in the dump's memory (${f.id})`, () => {
    let d: OpenedDump;
    let btf: BtfTypeSource;
    let mem: AddressSpace;

    beforeAll(async () => {
      d = await openWithKallsyms(f);
      const start = d.kallsyms.lookup('__start_BTF')!.address;
      const stop = d.kallsyms.lookup('__stop_BTF')!.address;
      let ms: number;
      [btf, ms] = await timed(() => loadBtfFromMemory(d.space, start, stop));
      console.log(
        `memory BTF ${f.id}: ${btf.count} types, ${(stop - start).toString()} bytes, read+index ${ms.toFixed(0)} ms`,
      );
      mem = await kernelReader(d);
    });
    afterAll(() => d.close());

    it.skipIf(!vmlinux)('is the vmlinux .BTF, byte for byte and layout for layout', async () => {
      expect(btf.warnings).toEqual([]);
      expect(btf.count).toBe(vmlinuxBtf!.count);
      const start = d.kallsyms.lookup('__start_BTF')!.address;
      const mine = await d.space.read(start, vmlinuxBlob!.length);
      expect(Buffer.compare(Buffer.from(mine), Buffer.from(vmlinuxBlob!))).toBe(0);
      for (const s of STRUCTS) {
        expect(layout(btf.findType(`struct ${s}`)!), s).toEqual(
          layout(vmlinuxBtf!.findType(`struct ${s}`)!),
        );
        expect(sizeOf(btf.findType(`struct ${s}`)!)).toBe(
          sizeOf(vmlinuxBtf!.findType(`struct ${s}`)!),
        );
      }
    });

    it('gives every VMCOREINFO SIZE(), OFFSET() and member LENGTH()', () => {
      const { wrong, checked } = vmcoreinfoMismatches(btf, d.vmcoreinfo.entries());
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(60);
      if (f === fixtures[0])
        console.log(`${checked} VMCOREINFO SIZE/OFFSET/LENGTH lines match BTF`);
    });

    it("reads the crashed task's fields at BTF offsets as crash does", async () => {
      const task = btf.findType('struct task_struct')!;
      // init_task is in the kernel image: its comm is "swapper/0".
      const init = d.kallsyms.lookup('init_task')!.address;
      expect(await readCString(mem, init + BigInt(offsetOf(task, 'comm')), 16)).toBe('swapper/0');
      const panicTask = BigInt(f.manifest.panic_task_address);
      expect(await readUint(mem, panicTask, task, 'pid')).toBe(BigInt(f.manifest.panic_pid));
      expect(await readCString(mem, panicTask + BigInt(offsetOf(task, 'comm')), 16)).toBe(
        f.manifest.panic_task_comm,
      );
      const crash = crashTaskFields(f);
      if (crash) {
        for (const field of ['pid', 'tgid', '__state', 'on_cpu', 'flags']) {
          expect(String(await readUint(mem, crash.addr, task, field)), field).toBe(
            crash.fields.get(field),
          );
        }
        const comm = await readCString(mem, crash.addr + BigInt(offsetOf(task, 'comm')), 16);
        expect(crash.fields.get('comm')!.startsWith(`"${comm}\\000`)).toBe(true);
      }
    });

    it('walks init_task.tasks (list_head) to PID 1 and finds the panic task on its CPU runqueue', async () => {
      const task = btf.findType('struct task_struct')!;
      const init = d.kallsyms.lookup('init_task')!.address;
      const tasksOff = BigInt(offsetOf(task, 'tasks'));
      const next = await readUint(mem, init + tasksOff, btf.findType('struct list_head')!, 'next');
      const first = next - tasksOff; // container_of
      expect(await readUint(mem, first, task, 'pid')).toBe(1n);
      // rq: per_cpu(runqueues, cpu) = runqueues + __per_cpu_offset[cpu] (runqueues is a per-CPU var in BTF).
      const rq = btf.findVariableType('runqueues')!;
      expect(stripTypedefs(rq)).toMatchObject({ kind: 'struct', name: 'rq' });
      const cpu = f.manifest.panic_cpu;
      const pcpu = d.kallsyms.lookup('__per_cpu_offset')!.address + BigInt(8 * cpu);
      const offset = await readU64(mem, pcpu);
      const rqAddr = d.kallsyms.lookup('runqueues')!.address + offset;
      expect(await readUint(mem, rqAddr, rq, 'cpu')).toBe(BigInt(cpu));
      expect(await readUint(mem, rqAddr, rq, 'curr')).toBe(BigInt(f.manifest.panic_task_address));
    });

    it('reads iomem_resource children (resource) as drgn lists them, and init_mm.pgd (mm_struct)', async () => {
      const res = btf.findType('struct resource')!;
      const root = d.kallsyms.lookup('iomem_resource')!.address;
      expect(await readCString(mem, await readUint(mem, root, res, 'name'))).toBe('PCI mem');
      if (hasOracle(f, 'drgn-iomem.json')) {
        const want = (
          JSON.parse(readFileSync(join(f.oracleDir, 'drgn-iomem.json'), 'utf8')) as {
            start: string;
            end: string;
            name: string;
            flags: string;
          }[]
        )[0]!;
        const child = await readUint(mem, root, res, 'child');
        expect({
          start: `0x${(await readUint(mem, child, res, 'start')).toString(16)}`,
          end: `0x${(await readUint(mem, child, res, 'end')).toString(16)}`,
          name: await readCString(mem, await readUint(mem, child, res, 'name')),
          flags: `0x${(await readUint(mem, child, res, 'flags')).toString(16)}`,
        }).toEqual({ start: want.start, end: want.end, name: want.name, flags: want.flags });
      }
      const mm = btf.findType('struct mm_struct')!;
      const initMm = d.kallsyms.lookup('init_mm')!.address;
      expect(await readUint(mem, initMm, mm, 'pgd')).toBe(d.vmcoreinfo.symbol('init_top_pgt'));
    });
  });
}
