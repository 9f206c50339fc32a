// The ELF notes of a kdump-compressed file. makedumpfile copies /proc/vmcore's PT_NOTE
// right after the sub-header (makedumpfile.c write_kdump_header: offset_note =
// block_size + sizeof(kdump_sub_header), header_version >= 4) and records where the
// VMCOREINFO text lies inside it (offset/size_vmcoreinfo, header_version >= 3).
// Version-3 files carry only the VMCOREINFO text: we wrap it in a synthesized VMCOREINFO
// note so that every reader finds it the same way (libkdumpfile reads it directly for
// version 3 only: diskdump.c read_sub_hdr_64).
import type { Warning } from '../errors';
import type { ByteSource } from '../io/byte-source';
import type { DiskDumpHeader } from './kdump-header';
import type { KdumpSubHeader } from './kdump-sub-header';
import { NT_VMCOREINFO, type ElfNote } from './notes/elf-note';
import { parseNotes } from './notes/parse-notes';

/** Larger note copies are refused (a real one is a few KiB per CPU). */
const MAX_NOTE_BYTES = 16 << 20;

async function readRegion(
  src: ByteSource,
  what: string,
  offset: bigint,
  size: bigint,
  warnings: Warning[],
): Promise<{ bytes: Uint8Array; at: number } | null> {
  if (size === 0n) return null;
  if (offset <= 0n || size > BigInt(MAX_NOTE_BYTES) || offset + size > BigInt(Number.MAX_SAFE_INTEGER)) {
    warnings.push({ code: 'KDUMP_BAD_NOTES', message: `${src.name}: ${what} at offset ${offset} size ${size} is implausible; ignored` });
    return null;
  }
  const at = Number(offset);
  const bytes = await src.read(at, Number(size));
  if (bytes.length < Number(size)) {
    warnings.push({
      code: 'KDUMP_BAD_NOTES',
      message: `${src.name}: ${what} at offset 0x${at.toString(16)} (${size} bytes) runs past the end of the file; ignored`,
    });
    return null;
  }
  return { bytes, at };
}

/** The note copy (version >= 4) plus a VMCOREINFO note made from offset_vmcoreinfo when missing. */
export async function readKdumpNotes(
  src: ByteSource,
  h: DiskDumpHeader,
  sub: KdumpSubHeader,
  warnings: Warning[],
): Promise<ElfNote[]> {
  const notes: ElfNote[] = [];
  if (sub.offsetNote !== undefined && sub.sizeNote !== undefined) {
    const r = await readRegion(src, 'note copy (offset_note/size_note)', sub.offsetNote, sub.sizeNote, warnings);
    if (r) {
      const parsed = parseNotes(r.bytes, src.name, r.at, h.littleEndian);
      notes.push(...parsed.notes);
      warnings.push(...parsed.warnings);
    }
  }
  const hasVmcoreinfo = notes.some((n) => n.name === 'VMCOREINFO');
  if (!hasVmcoreinfo && sub.offsetVmcoreinfo !== undefined && sub.sizeVmcoreinfo !== undefined) {
    const r = await readRegion(src, 'VMCOREINFO (offset_vmcoreinfo/size_vmcoreinfo)', sub.offsetVmcoreinfo, sub.sizeVmcoreinfo, warnings);
    if (r) notes.push({ name: 'VMCOREINFO', type: NT_VMCOREINFO, desc: r.bytes, descOffset: r.at, source: src.name });
  }
  return notes;
}
