// VMCOREINFO text: VmcoreInfo.fromBytes and every accessor, for the keys present and the
// ones the analysis asks for.
import { VmcoreInfo } from '../../src/analysis/formats/notes/vmcoreinfo';
import { openElfCore } from '../../src/analysis/formats/elf-core';
import { findVmcoreInfo } from '../../src/analysis/formats/notes/vmcoreinfo';
import { openFileSource } from '../../src/node/file-source';
import { isElfCore } from '../core/fixture-files';
import { denseInput, flatten, type FuzzInput } from '../core/fuzz-input';
import type { Harness, SeedContext } from '../core/harness';
import { VMCOREINFO_TEXT } from './support/synthetic-cores';

const enc = new TextEncoder();

function inner(key: string): string {
  const open = key.indexOf('(');
  return open >= 0 && key.endsWith(')') ? key.slice(open + 1, -1) : key;
}

function exercise(info: VmcoreInfo): void {
  for (const [key] of info.entries()) {
    const name = inner(key);
    info.raw(key);
    info.symbol(name);
    info.size(name);
    info.offset(name);
    info.length(name);
    info.number(name);
    info.numberU64(name);
    info.config(key);
  }
  info.malformedLines();
  void [info.pageSize, info.kernelOffset, info.osRelease, info.buildId, info.crashTime];
  void [info.number('phys_base'), info.symbol('init_uts_ns'), info.offset('list_head.next'), info.config('X86_5LEVEL')];
}

export const harness: Harness = {
  name: 'vmcoreinfo',
  async seeds(ctx: SeedContext): Promise<FuzzInput[]> {
    const out = [
      denseInput('synthetic', 'vmcoreinfo', enc.encode(VMCOREINFO_TEXT)),
      denseInput('synthetic-arm64', 'vmcoreinfo', enc.encode('NUMBER(VA_BITS)=48\nNUMBER(kimage_voffset)=0xffff800008000000\nNUMBER(PHYS_OFFSET)=0x40000000\nKERNELOFFSET=0\n')),
    ];
    for (const f of ctx.fixtures.filter(isElfCore).slice(0, 2)) {
      const src = await openFileSource(f.path);
      try {
        const n = (await openElfCore(src)).notes.find((x) => x.name === 'VMCOREINFO');
        if (n) out.push(denseInput(f.id, 'vmcoreinfo', n.desc.slice()));
      } finally {
        await src.close();
      }
    }
    return out;
  },
  run(input: FuzzInput): Promise<void> {
    const bytes = flatten(input.files[0]!);
    exercise(VmcoreInfo.fromBytes(bytes));
    exercise(new VmcoreInfo(new TextDecoder('utf-8').decode(bytes)));
    findVmcoreInfo([{ name: 'VMCOREINFO', type: 0, desc: bytes, descOffset: 0, source: 'vmcoreinfo' }]);
    return Promise.resolve();
  },
};
