// Node adapter: synchronous positional reads (fs.readSync) for the lazy DWARF paths.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { SyncReader } from '../analysis/debuginfo/dwarf/sync-reader';

export class SyncFileReader implements SyncReader {
  readonly name: string;
  readonly size: number;
  private fd: number | null;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
    this.name = basename(path);
  }

  readSync(offset: number, length: number): Uint8Array {
    const buf = new Uint8Array(Math.max(0, Math.min(length, this.size - offset)));
    const done = this.readInto(offset, buf);
    return done === buf.length ? buf : buf.subarray(0, done);
  }

  readInto(offset: number, target: Uint8Array): number {
    if (this.fd === null) throw new Error(`${this.name} is closed`);
    const n = Math.max(0, Math.min(target.length, this.size - offset));
    let done = 0;
    while (done < n) {
      const got = readSync(this.fd, target, done, n - done, offset + done);
      if (got === 0) break;
      done += got;
    }
    return done;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
