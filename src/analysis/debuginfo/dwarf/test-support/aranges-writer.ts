// .debug_aranges for tests and fuzz seeds: one set per unit offset, with no address
// tuples but the terminator (the index reads only the sets' debug_info_offset).
import { unitChunks } from '../index/chunk-cuts';
import { MemorySyncReader } from '../sync-reader';
import { ByteWriter } from './byte-writer';

/** A set per offset; those in `dwarf64` in the 64-bit format. */
export function arangesFor(offsets: number[], dwarf64: number[] = []): Uint8Array {
  const w = new ByteWriter();
  for (const off of offsets) {
    const long = dwarf64.includes(off);
    const body = new ByteWriter();
    body.u16(2);
    if (long) body.u64(BigInt(off));
    else body.u32(off);
    body.u8(8).u8(0);
    while ((body.length + (long ? 12 : 4)) % 16) body.u8(0);
    body.bytes(new Uint8Array(16)); // terminating tuple
    if (long) w.u32(0xffffffff).u64(BigInt(body.length));
    else w.u32(body.length);
    w.bytes(body.finish());
  }
  return w.finish();
}

/** The offset of every unit of `info`, by its unit_length fields. */
export function unitOffsetsOf(info: Uint8Array): number[] {
  const loc = { fileOffset: 0, size: info.length };
  return [...unitChunks(new MemorySyncReader('info', info), loc, 1)].map(([start]) => start);
}
