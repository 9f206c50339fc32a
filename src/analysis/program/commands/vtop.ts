// crash's `vtop <address>`: the page-table walk (memory/x86_64/vtop.ts formatVtop), then
// the struct page of the frame as crash's dump_mem_map line shows it:
//         PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS
//   fffff13bc008d800  2360000 ffff8c38411b7800 ffff8c3842364180  1 fffffc0010200 slab,head
// MAPPING, INDEX, CNT (_refcount) and FLAGS need the type of struct page; the flag names
// are the enum pageflags names (include/linux/page-flags.h) below __NR_PAGEFLAGS.
import { errorMessage } from '../../errors';
import { formatVtop } from '../../memory/x86_64/vtop';
import { stripTypedefs } from '../../debuginfo/type-queries';
import type { Program } from '../program';
import { hex16, parseAddress } from './address';

const PAGE_HEADER = '      PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS';

export async function vtopCommand(prog: Program, addressText: string): Promise<string[]> {
  const r = await prog.memory.vtop(parseAddress(prog, addressText));
  const out = formatVtop(r);
  if (r.structPage === undefined || r.paddr === undefined) return out;
  out.push('', PAGE_HEADER);
  const frame = r.paddr & ~0xfffn;
  const base = `${hex16(r.structPage)} ${frame.toString(16).padStart(8)}`;
  try {
    out.push(await pageLine(prog, r.structPage, base));
  } catch (e) {
    out.push(`${base}  (struct page unreadable: ${errorMessage(e)})`);
  }
  return out;
}

async function pageLine(prog: Program, page: bigint, base: string): Promise<string> {
  if (!prog.types?.findType('struct page')) return base;
  const p = prog.object('struct page', page);
  const mapping = await p.member('mapping').value();
  const index = await p.member('index').value();
  const count = await p.member('_refcount.counter').value();
  const flags = await p.member('flags').value();
  const names = pageFlagNames(prog, flags);
  return `${base} ${mapping.toString(16).padStart(16)} ${index.toString(16).padStart(8)} ${String(count).padStart(2)} ${flags.toString(16)}${names ? ` ${names}` : ''}`;
}

/** "slab,head": the first enum pageflags name of each set bit below __NR_PAGEFLAGS. */
function pageFlagNames(prog: Program, flags: bigint): string {
  const t = prog.types?.findType('enum pageflags');
  const e = t && stripTypedefs(t);
  if (!e || e.kind !== 'enum') return '';
  const nr = e.enumerators.find((x) => x.name === '__NR_PAGEFLAGS')?.value ?? 64n;
  const names: string[] = [];
  for (let bit = 0n; bit < nr; bit++) {
    if (!((flags >> bit) & 1n)) continue;
    const name = e.enumerators.find((x) => x.value === bit && x.name.startsWith('PG_'))?.name;
    if (name) names.push(name.slice(3));
  }
  return names.join(',');
}
