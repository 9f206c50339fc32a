import { clampLength, type ByteSource } from './byte-source';

/** A ByteSource over bytes already in memory (tests, small embedded files). */
export class MemorySource implements ByteSource {
  readonly size: number;
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {
    this.size = bytes.length;
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const n = clampLength(this.size, offset, length);
    return Promise.resolve(this.bytes.subarray(offset, offset + n));
  }
}
