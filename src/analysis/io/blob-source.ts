import { clampLength, type ByteSource } from './byte-source';

/** The part of the DOM Blob/File interface we use; declared here so src/analysis needs no DOM lib. */
export interface BlobLike {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** A ByteSource over a browser Blob or File: each read is one `slice().arrayBuffer()`. */
export class BlobSource implements ByteSource {
  readonly size: number;
  constructor(
    readonly name: string,
    private readonly blob: BlobLike,
  ) {
    this.size = blob.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = clampLength(this.size, offset, length);
    if (n === 0) return new Uint8Array(0);
    return new Uint8Array(await this.blob.slice(offset, offset + n).arrayBuffer());
  }
}
