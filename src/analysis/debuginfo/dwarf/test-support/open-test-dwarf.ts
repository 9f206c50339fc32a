// Opens DWARF written by writeDwarf as a whole ELF file held in memory.
import { MemorySource } from '../../../io/memory-source';
import { openDwarf, type DwarfInfo, type OpenDwarfOptions } from '../dwarf-info';
import { MemorySyncReader } from '../sync-reader';
import { dwarfElf } from './elf-writer';
import { writeDwarf, type UnitSpec } from './dwarf-writer';
import type { LineProgramSpec } from './line-writer';

export function testElf(units: UnitSpec[], lines: LineProgramSpec[] = []): Uint8Array {
  return dwarfElf(writeDwarf(units, lines));
}

export function openBytes(
  file: Uint8Array,
  opts: OpenDwarfOptions = {},
  name = 'test.elf',
): Promise<DwarfInfo> {
  return openDwarf(new MemorySource(name, file), new MemorySyncReader(name, file), opts);
}

export function openTestDwarf(
  units: UnitSpec[],
  lines: LineProgramSpec[] = [],
  opts: OpenDwarfOptions = {},
): Promise<DwarfInfo> {
  return openBytes(testElf(units, lines), opts);
}
