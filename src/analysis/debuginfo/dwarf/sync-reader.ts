// Synchronous reads of the debug file, for the lazy parts of DWARF (types, line tables,
// inline scopes): TypeSource and CodeSource answer synchronously, so the bytes of a unit
// must be readable without awaiting. Implementations: in memory (tests), Node
// fs.readSync (src/node/sync-file-reader.ts), FileReaderSync in a web worker
// (src/workers/file-sync-reader.ts).
import { BadDataError } from '../../errors';

export interface SyncReader {
  readonly name: string;
  readonly size: number;
  /** Reads `length` bytes at `offset`; fewer only at the end of the file. */
  readSync(offset: number, length: number): Uint8Array;
  /** Optional: reads into `target` (no allocation); returns the bytes read. */
  readInto?(offset: number, target: Uint8Array): number;
  close?(): void;
}

export class MemorySyncReader implements SyncReader {
  readonly size: number;
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {
    this.size = bytes.length;
  }

  readSync(offset: number, length: number): Uint8Array {
    const start = Math.max(0, Math.min(offset, this.size));
    return this.bytes.subarray(start, Math.min(this.size, start + Math.max(0, length)));
  }
}

/** Reads exactly `length` bytes or throws a BadDataError naming what was cut short. */
export function readSyncExact(
  r: SyncReader,
  offset: number,
  length: number,
  what: string,
): Uint8Array {
  const b = r.readSync(offset, length);
  if (b.length < length) {
    throw new BadDataError(
      r.name,
      offset,
      `${length} bytes of ${what}`,
      `only ${b.length} before the end of the file`,
    );
  }
  return b;
}

/**
 * `length` bytes at `offset`, into `scratch` when the reader can fill a caller's buffer
 * (and `scratch` is large enough), else freshly allocated. Throws when cut short.
 */
export function readSyncInto(
  r: SyncReader,
  offset: number,
  length: number,
  scratch: Uint8Array | null,
  what: string,
): Uint8Array {
  if (r.readInto && scratch && scratch.length >= length) {
    const view = scratch.subarray(0, length);
    const n = r.readInto(offset, view);
    if (n < length) {
      throw new BadDataError(
        r.name,
        offset,
        `${length} bytes of ${what}`,
        `only ${n} before the end of the file`,
      );
    }
    return view;
  }
  return readSyncExact(r, offset, length, what);
}
