// Opens a dump from one or more files in any order: sniffs each by magic bytes, unwraps
// makedumpfile's flattened stream, and joins split parts. The vmlinux is not a dump and
// is refused here with a message that says so.
import { BadDataError, CrashlensError } from '../errors';
import type { ByteSource } from '../io/byte-source';
import type { DumpImage, OpenOptions } from './dump-image';
import { openElfCore } from './elf-core';
import { FlattenedSource } from './flattened-source';
import { openKdump, type KdumpImage } from './kdump-compressed';
import { describeMagic, sniffFileKind, type FileKind } from './sniff';
import { openSplitSet } from './split-set';

// Enough for every signature sniffFileKind checks (ELF e_type at 16, flattened at 12..16).
// Kept small on purpose: inside a flattened stream, bytes past the kdump header are never
// written, and asking for them would make FlattenedSource scan the whole stream.
const HEAD = 64;

interface Sniffed {
  source: ByteSource;
  kind: FileKind;
  flattened: boolean;
}

async function sniffSource(src: ByteSource, opts: OpenOptions): Promise<Sniffed> {
  const head = await src.read(0, HEAD);
  const kind = sniffFileKind(head);
  if (kind !== 'flattened') return { source: src, kind, flattened: false };
  const inner = new FlattenedSource(src, opts);
  const innerKind = sniffFileKind(await inner.read(0, HEAD));
  if (innerKind === 'unknown') {
    throw new BadDataError(src.name, 0, 'a kdump or ELF image inside the flattened stream', 'neither');
  }
  return { source: inner, kind: innerKind, flattened: true };
}

export async function openDump(sources: ByteSource[], opts: OpenOptions = {}): Promise<DumpImage> {
  if (sources.length === 0) throw new CrashlensError('LOOKUP', 'no dump file given');
  const sniffed: Sniffed[] = [];
  for (const src of sources) {
    const s = await sniffSource(src, opts);
    if (s.kind === 'unknown') {
      const head = await src.read(0, 16);
      throw new BadDataError(
        src.name,
        0,
        'a vmcore (ELF core, kdump-compressed "KDUMP   "/"DISKDUMP", or makedumpfile flattened)',
        describeMagic(head),
      );
    }
    if (s.kind === 'vmlinux') {
      throw new BadDataError(src.name, 16, 'a vmcore (ELF e_type ET_CORE)', 'an executable: this looks like a vmlinux, give it as the debug info, not as the dump');
    }
    sniffed.push(s);
  }

  if (sniffed.length === 1) {
    const s = sniffed[0]!;
    const image = s.kind === 'elf-core' ? await openElfCore(s.source, opts) : await openKdump(s.source, opts);
    return s.flattened ? asFlattened(image) : image;
  }

  const elf = sniffed.find((s) => s.kind === 'elf-core');
  if (elf) {
    throw new BadDataError(elf.source.name, 0, 'one ELF vmcore alone (only kdump-compressed dumps can be split)', `${sniffed.length} files`);
  }
  const parts: KdumpImage[] = [];
  for (const s of sniffed) parts.push(await openKdump(s.source, opts));
  return openSplitSet(parts);
}

/** Reports a dump read through makedumpfile's flattened wrapper as format 'flattened'. */
function asFlattened(image: DumpImage): DumpImage {
  return new Proxy(image, {
    get(target, prop, receiver) {
      if (prop === 'format') return 'flattened';
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
