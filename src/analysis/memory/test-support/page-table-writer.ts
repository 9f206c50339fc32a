// Builds x86_64 page tables in SyntheticMemory: 4- or 5-level, 4 KiB / 2 MiB / 1 GiB
// mappings, intermediate tables allocated on demand from a bump allocator.
import {
  ENTRY_SIZE,
  PTE_PFN_MASK,
  _PAGE_ACCESSED,
  _PAGE_DIRTY,
  _PAGE_GLOBAL,
  _PAGE_NX,
  _PAGE_PRESENT,
  _PAGE_PSE,
  _PAGE_RW,
  levelShift,
  tableIndex,
  walkLevels,
  type Level,
} from '../x86_64/pgtable-types';
import type { SyntheticMemory } from './synthetic-memory';

/** Table entries: present, writable, accessed, dirty (like the kernel's _KERNPG_TABLE). */
export const TABLE_FLAGS = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
/** Leaf entries like __PAGE_KERNEL (global, NX). */
export const PAGE_FLAGS = TABLE_FLAGS | _PAGE_GLOBAL | _PAGE_NX;

const leafLevel: Record<string, Level> = { '4096': 'pte', '2097152': 'pmd', '1073741824': 'pud' };

export class PageTableWriter {
  readonly root: bigint;
  private next: bigint;

  /** Tables are allocated upward from `tableArea` (4 KiB aligned); the root there too unless given. */
  constructor(
    readonly mem: SyntheticMemory,
    readonly levels: 4 | 5,
    tableArea: bigint,
    root?: bigint,
  ) {
    this.next = tableArea;
    this.root = root ?? this.alloc();
  }

  alloc(): bigint {
    const t = this.next;
    this.next += 4096n;
    return t;
  }

  /** Address of the entry for `va` at `level`, creating the tables above it. */
  entryAddress(va: bigint, level: Level): bigint {
    let table = this.root;
    for (const l of walkLevels(this.levels)) {
      const addr = table + tableIndex(va, levelShift(l, this.levels)) * ENTRY_SIZE;
      if (l === level) return addr;
      let e = this.read(addr);
      if ((e & _PAGE_PRESENT) === 0n) {
        e = this.alloc() | TABLE_FLAGS;
        this.mem.writeU64(addr, e);
      }
      table = e & PTE_PFN_MASK;
    }
    throw new Error(`no level ${level}`);
  }

  /** Maps the page of `size` (4 KiB, 2 MiB or 1 GiB) at `va` to `pa`. */
  map(va: bigint, pa: bigint, size: bigint, flags = PAGE_FLAGS): void {
    const level = leafLevel[String(size)];
    if (!level) throw new Error(`bad page size ${size}`);
    const large = level === 'pte' ? 0n : _PAGE_PSE;
    this.mem.writeU64(this.entryAddress(va, level), pa | flags | large);
  }

  /** Writes a raw entry value (e.g. 0 or a not-present entry) at `level` for `va`. */
  setEntry(va: bigint, level: Level, value: bigint): void {
    this.mem.writeU64(this.entryAddress(va, level), value);
  }

  read(addr: bigint): bigint {
    return this.mem.peekU64(addr);
  }
}
