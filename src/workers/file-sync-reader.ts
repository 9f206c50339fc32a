// Browser adapter: synchronous reads of a File/Blob with FileReaderSync, which dedicated
// workers provide (File API §FileReaderSync). The lazy DWARF paths need it (SyncReader).
import type { SyncReader } from '../analysis/debuginfo/dwarf/sync-reader';

// Worker-only global (not in the DOM lib this project compiles against).
declare class FileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}

export class BlobSyncReader implements SyncReader {
  readonly size: number;
  private readonly reader = new FileReaderSync();

  constructor(
    readonly name: string,
    private readonly blob: Blob,
  ) {
    this.size = blob.size;
  }

  readSync(offset: number, length: number): Uint8Array {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.min(this.size, start + Math.max(0, length));
    return new Uint8Array(this.reader.readAsArrayBuffer(this.blob.slice(start, end)));
  }
}
