// DWARF: openDwarf over an ELF with .debug_* sections (section lookup, unit headers,
// abbreviations, the index scan), then the TypeSource (types by name, variables, walks)
// and the CodeSource (functions, inline chains, lines). Seeds: the DWARF writer's type
// units (v3/v4/v5) and code units with line programs (v4/v5), and both kinds in one file
// with a .debug_aranges naming each unit (the index cuts chunks at those offsets).
import { openDwarf } from '../../src/analysis/debuginfo/dwarf/dwarf-info';
import { MemorySyncReader } from '../../src/analysis/debuginfo/dwarf/sync-reader';
import { arangesFor, unitOffsetsOf } from '../../src/analysis/debuginfo/dwarf/test-support/aranges-writer';
import { writeDwarf } from '../../src/analysis/debuginfo/dwarf/test-support/dwarf-writer';
import { dwarfElf } from '../../src/analysis/debuginfo/dwarf/test-support/elf-writer';
import { testElf } from '../../src/analysis/debuginfo/dwarf/test-support/open-test-dwarf';
import { codeLines, codeUnits, COLD, T, typeUnits } from '../../src/analysis/debuginfo/dwarf/test-support/samples';
import { denseInput, flatten, SparseSource, type FuzzInput } from '../core/fuzz-input';
import { tolerateSync, type Harness } from '../core/harness';
import { queryTypes } from './support/walk-type';

const TYPES = ['task_struct', 'struct list_head', 'int', 'unsigned int', 'u32', 'pid_type', 'union value', 'ops_t', 'char'];
const PCS = [T, T + 0x10n, T + 0x18n, T + 0x1an, T + 0x44n, T + 0x80n, T + 0x100n, COLD + 4n, 0n];

export const harness: Harness = {
  name: 'dwarf',
  seeds(): Promise<FuzzInput[]> {
    const out: FuzzInput[] = [];
    for (const v of [3, 4, 5] as const) out.push(denseInput(`synthetic-types-v${v}`, 'vmlinux', testElf(typeUnits(v))));
    for (const v of [4, 5] as const) out.push(denseInput(`synthetic-code-v${v}`, 'vmlinux', testElf(codeUnits(v), [codeLines(v)])));
    const both = writeDwarf([...typeUnits(5), ...codeUnits(5)], [codeLines(5)]);
    const aranges = arangesFor(unitOffsetsOf(both.info!));
    out.push(denseInput('synthetic-aranges-v5', 'vmlinux', dwarfElf({ ...both, aranges })));
    return Promise.resolve(out);
  },
  async run(input: FuzzInput): Promise<void> {
    const file = input.files[0]!;
    const info = await openDwarf(new SparseSource(file), new MemorySyncReader(file.name, flatten(file)));
    queryTypes(info.types, TYPES);
    for (const pc of PCS) {
      tolerateSync(() => info.code.functionAt(pc));
      tolerateSync(() => info.code.inlineChainAt?.(pc));
      tolerateSync(() => info.code.lineAt?.(pc));
    }
  },
};
