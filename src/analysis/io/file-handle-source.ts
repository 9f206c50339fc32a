import { clampLength, type ByteSource } from './byte-source';

/** The part of Node's fs.promises FileHandle we use (no Node import in src/analysis). */
export interface FileHandleLike {
  read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/** A ByteSource over an open Node file handle; pread-style positional reads. */
export class FileHandleSource implements ByteSource {
  constructor(
    readonly name: string,
    readonly size: number,
    private readonly handle: FileHandleLike,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = clampLength(this.size, offset, length);
    const buf = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const { bytesRead } = await this.handle.read(buf, done, n - done, offset + done);
      if (bytesRead === 0) break; // file shrank under us: return what we have
      done += bytesRead;
    }
    return done === n ? buf : buf.subarray(0, done);
  }

  private closing: Promise<void> | null = null;

  close(): Promise<void> {
    this.closing ??= this.handle.close();
    return this.closing;
  }
}
