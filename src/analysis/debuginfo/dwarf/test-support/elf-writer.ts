// A minimal ELF64 little-endian ET_EXEC file holding the given sections (gABI layout),
// to test the section lookup and to feed whole "files" to openDwarf.
import { ByteWriter } from './byte-writer';

export function buildElf(
  sections: Record<string, Uint8Array>,
  opts: { type?: number; compressed?: string[] } = {},
): Uint8Array {
  const names = ['', ...Object.keys(sections), '.shstrtab'];
  const shstr = new ByteWriter();
  const nameOff = names.map((n) => {
    const o = shstr.length;
    shstr.cstr(n);
    return o;
  });
  const body = new ByteWriter();
  const offsets: number[] = [0];
  const sizes: number[] = [0];
  const HEADER = 64;
  for (const data of Object.values(sections)) {
    offsets.push(HEADER + body.length);
    sizes.push(data.length);
    body.bytes(data);
  }
  offsets.push(HEADER + body.length);
  const shstrBytes = shstr.finish();
  sizes.push(shstrBytes.length);
  body.bytes(shstrBytes);
  while (body.length % 8) body.u8(0);
  const shoff = HEADER + body.length;
  const f = new ByteWriter();
  f.bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  f.u16(opts.type ?? 2)
    .u16(62)
    .u32(1)
    .u64(0)
    .u64(0)
    .u64(shoff)
    .u32(0)
    .u16(64)
    .u16(56)
    .u16(0)
    .u16(64)
    .u16(names.length)
    .u16(names.length - 1);
  f.bytes(body.finish());
  names.forEach((n, i) => {
    const flags = opts.compressed?.includes(n) ? 0x800 : 0;
    f.u32(nameOff[i]!)
      .u32(i === 0 ? 0 : i === names.length - 1 ? 3 : 1)
      .u64(flags)
      .u64(0)
      .u64(offsets[i]!)
      .u64(sizes[i]!)
      .u32(0)
      .u32(0)
      .u64(1)
      .u64(0);
  });
  return f.finish();
}

/** buildElf with `.debug_` prefixed to each key (writeDwarf's output). */
export function dwarfElf(
  sections: Record<string, Uint8Array>,
  opts?: { type?: number; compressed?: string[] },
): Uint8Array {
  return buildElf(
    Object.fromEntries(Object.entries(sections).map(([k, v]) => [`.debug_${k}`, v])),
    opts,
  );
}
