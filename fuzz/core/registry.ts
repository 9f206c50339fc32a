// Every harness, by name. Adding one is a module under fuzz/harnesses/ exporting
// `harness` plus one line here. Harnesses load lazily, so a run of one harness does not
// build the others' seeds.
import type { Harness } from './harness';

export interface HarnessEntry {
  name: string;
  /** What it exercises, for --list and the README. */
  covers: string;
  load: () => Promise<Harness>;
}

export const HARNESSES: readonly HarnessEntry[] = [
  { name: 'elf-core', covers: 'openDump on ELF vmcores, reads, report', load: async () => (await import('../harnesses/elf-core')).harness },
  { name: 'kdump', covers: 'openDump on kdump-compressed/DISKDUMP files, reads, report', load: async () => (await import('../harnesses/kdump')).harness },
  { name: 'flattened', covers: 'openDump on makedumpfile -F streams (kdump or ELF inside)', load: async () => (await import('../harnesses/flattened')).harness },
  { name: 'split', covers: 'openDump on split kdump part sets', load: async () => (await import('../harnesses/split')).harness },
  { name: 'notes', covers: 'parseNotes + NT_PRSTATUS/QEMU/PRPSINFO decoders, decodeCpus', load: async () => (await import('../harnesses/notes')).harness },
  { name: 'vmcoreinfo', covers: 'VmcoreInfo parsing and accessors', load: async () => (await import('../harnesses/vmcoreinfo')).harness },
  { name: 'page-codec', covers: 'zlib/lzo/snappy/zstd page decoders', load: async () => (await import('../harnesses/page-codec')).harness },
  { name: 'kallsyms', covers: 'kallsyms tables read from the dump memory', load: async () => (await import('../harnesses/kallsyms')).harness },
  { name: 'page-tables', covers: 'x86_64 kernel page tables, region bases, vtop, virtual reads', load: async () => (await import('../harnesses/page-tables')).harness },
  { name: 'printk', covers: 'printk lockless ring / log_buf from VMCOREINFO offsets', load: async () => (await import('../harnesses/printk')).harness },
  { name: 'tasks', covers: 'task list walk and runqueues over a Program from the dump', load: async () => (await import('../harnesses/tasks')).harness },
  { name: 'backtraces', covers: 'ORC tables from memory and the stack unwinder, every task', load: async () => (await import('../harnesses/backtraces')).harness },
  { name: 'dwarf', covers: 'openDwarf: sections, unit headers, abbrevs, index, types, functions, lines', load: async () => (await import('../harnesses/dwarf')).harness },
  { name: 'btf', covers: 'BtfTypeSource: header, type records, names, lazy types', load: async () => (await import('../harnesses/btf')).harness },
  { name: 'vmlinux-elf', covers: 'ElfFile, build-id, sections, .symtab', load: async () => (await import('../harnesses/vmlinux-elf')).harness },
];

/** Parsers whose harness waits for the parser (see fuzz/README.md). */
export const PENDING: readonly { name: string; waitingFor: string }[] = [
  { name: 'session', waitingFor: 'AnalysisSession end to end (report sections are still being written)' },
  { name: 'orc-vmlinux', waitingFor: 'ORC tables from the vmlinux file (orcFromVmlinux); from memory is in backtraces' },
];

export const harnessNames: readonly string[] = HARNESSES.map((h) => h.name);

export async function loadHarness(name: string): Promise<Harness> {
  const e = HARNESSES.find((h) => h.name === name);
  if (!e) throw new Error(`no harness ${name}; known: ${harnessNames.join(', ')}`);
  return e.load();
}
