// BTF: BtfTypeSource.parse of a .BTF blob, then type lookups and walks of the types by
// id and by name. Seeds: the synthetic kernel of the BTF writer (both byte orders) and
// the real vmlinux .BTF when the debug vmlinux is in the fixture cache.
import { BtfTypeSource } from '../../src/analysis/debuginfo/btf/btf-source';
import { ElfFile } from '../../src/analysis/debuginfo/elf/elf-file';
import { BtfWriter } from '../../src/analysis/debuginfo/test-support/btf-writer';
import { openFileSource } from '../../src/node/file-source';
import { denseInput, flatten, type FuzzInput } from '../core/fuzz-input';
import { tolerateSync, type Harness, type SeedContext } from '../core/harness';
import { queryTypes, walkType } from './support/walk-type';

const MAX_IDS = 256;

function syntheticKernel(le: boolean): Uint8Array {
  const w = new BtfWriter();
  const int = w.int('int', 4, { signed: true });
  const uint = w.int('unsigned int', 4);
  const ulong = w.int('long unsigned int', 8);
  const char = w.int('char', 1, { signed: true, char: true });
  const listFwd = w.fwd('list_head');
  const pList = w.ptr(listFwd);
  const list = w.struct('list_head', 16, [
    { name: 'next', type: pList, bitOffset: 0 },
    { name: 'prev', type: pList, bitOffset: 64 },
  ]);
  const comm = w.array(char, 16, int);
  const u32 = w.typedef('u32', uint);
  const task = w.struct(
    'task_struct',
    64,
    [
      { name: '__state', type: w.volatile(uint), bitOffset: 0 },
      { name: 'flags', type: w.const(u32), bitOffset: 32 },
      { name: 'in_execve', type: uint, bitOffset: 64, bitSize: 1 },
      { name: 'tasks', type: list, bitOffset: 192 },
      { name: 'comm', type: comm, bitOffset: 320 },
    ],
    true,
  );
  const rq = w.struct('rq', 16, [
    { name: 'nr_running', type: uint, bitOffset: 0 },
    { name: 'curr', type: w.ptr(task), bitOffset: 64 },
  ]);
  const runqueues = w.var('runqueues', rq);
  w.datasec('.data..percpu', 4096, [[runqueues, 0x100, 16]]);
  w.func('printk', w.funcProto(int, [['fmt', w.ptr(w.const(char))]], true));
  w.enum('pid_type', 4, [['PIDTYPE_PID', 0], ['PIDTYPE_MAX', 4]]);
  w.enum64('big', 8, [['HUGE', 0xfffffffffffffff0n]], true);
  w.union('value', 8, [
    { name: 'i', type: int, bitOffset: 0 },
    { name: 'l', type: ulong, bitOffset: 0 },
  ]);
  w.float('double', 8);
  w.declTag('noinline', task, -1);
  w.typeTag('user', char);
  return w.build(le);
}

export const harness: Harness = {
  name: 'btf',
  async seeds(ctx: SeedContext): Promise<FuzzInput[]> {
    const out = [denseInput('synthetic-le', 'btf', syntheticKernel(true)), denseInput('synthetic-be', 'btf', syntheticKernel(false))];
    if (ctx.vmlinux) {
      const src = await openFileSource(ctx.vmlinux);
      try {
        const elf = await ElfFile.open(src);
        out.push(denseInput('vmlinux-btf', 'btf', await elf.readSection('.BTF')));
      } finally {
        await src.close();
      }
    }
    return out;
  },
  run(input: FuzzInput): Promise<void> {
    const btf = tolerateSync(() => BtfTypeSource.parse(flatten(input.files[0]!), 'vmlinux .BTF', 0x1000, 8));
    if (!btf) return Promise.resolve();
    void btf.warnings.length;
    const n = btf.count;
    // The first ids, then ids spread over the rest.
    const step = Math.max(1, Math.floor(n / MAX_IDS));
    for (let id = 0; id < n && id < MAX_IDS * step; id += id < 64 ? 1 : step) {
      const t = tolerateSync(() => btf.type(id));
      if (t) walkType(t, 3);
    }
    queryTypes(btf);
    return Promise.resolve();
  },
};
