// Node adapter: a ByteSource over a file on disk, read with positional reads.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { FileHandleSource } from '../analysis/io/file-handle-source';

export async function openFileSource(path: string): Promise<FileHandleSource> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (!(await handle.stat()).isFile()) throw new Error(`${path} is not a regular file`);
    return new FileHandleSource(basename(path), size, handle);
  } catch (e) {
    await handle.close();
    throw e;
  }
}
