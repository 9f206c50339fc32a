// What an old "DISKDUMP" file (Red Hat's diskdump module) says about the panic, which a
// "KDUMP   " file leaves to its ELF notes: disk_dump_header.current_cpu (the CPU that
// dumped), tasks[nr_cpus] (a task_struct pointer per CPU, right after the header), and
// the sub-header at block 1, struct disk_dump_sub_header { elf_regs }, which starts with
// the panic CPU's saved registers (crash-utility diskdump.h; diskdump.c
// get_diskdump_panic_task returns tasks[current_cpu]; get_diskdump_regs_* point at
// &sub_header->elf_regs). The register block is kept raw: its layout is the dumped
// kernel's, per architecture.
import { Cursor } from '../binary/cursor';
import type { Warning } from '../errors';
import type { ByteSource } from '../io/byte-source';
import type { DiskDumpHeader } from './kdump-header';

export interface DiskdumpPanicInfo {
  currentCpu: number;
  /** task_struct address per CPU (tasks[]). */
  tasks: bigint[];
  /** tasks[current_cpu], when current_cpu is in range. */
  panicTask?: bigint;
  /** The sub-header block, starting with the panic CPU's registers (elf_regs). */
  registerBlock: Uint8Array;
}

export async function readDiskdumpPanicInfo(src: ByteSource, h: DiskDumpHeader, warnings: Warning[]): Promise<DiskdumpPanicInfo> {
  const ptr = h.layout === 'lp64' ? 8 : 4;
  const tasks: bigint[] = [];
  // crash read_dump_header: sizeof(header) + sizeof(void *) * nr_cpus must fit in a block.
  if (h.nrCpus <= 0 || h.size + ptr * h.nrCpus > h.blockSize) {
    warnings.push({ code: 'DISKDUMP_NR_CPUS', message: `${src.name}: invalid nr_cpus ${h.nrCpus} in the diskdump header; tasks[] not read` });
  } else {
    const bytes = await src.read(h.size, ptr * h.nrCpus);
    const c = new Cursor(bytes, src.name, h.size, h.littleEndian);
    while (c.remaining >= ptr) tasks.push(c.word(ptr, 'tasks[]'));
  }
  const regLen = Math.max(0, Math.min(h.blockSize, h.subHdrSize * h.blockSize));
  const registerBlock = regLen > 0 ? await src.read(h.blockSize, regLen) : new Uint8Array(0);
  const info: DiskdumpPanicInfo = { currentCpu: h.currentCpu, tasks, registerBlock };
  if (h.currentCpu < tasks.length) info.panicTask = tasks[h.currentCpu];
  return info;
}
