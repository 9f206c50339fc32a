// Node convenience: the DWARF of a vmlinux on disk, indexed by `workers` worker threads
// (0: in the calling thread).
import {
  openDwarf,
  type DwarfInfo,
  type OpenDwarfOptions,
} from '../analysis/debuginfo/dwarf/dwarf-info';
import { dwarfWorkerPool } from './dwarf-worker-script';
import { openFileSource } from './file-source';
import { SyncFileReader } from './sync-file-reader';

export interface NodeDwarf extends DwarfInfo {
  /** Closes the file (the index stays usable until lazy parsing needs the file). */
  close(): Promise<void>;
}

export async function openDwarfFile(
  path: string,
  workers = 2,
  opts: OpenDwarfOptions = {},
): Promise<NodeDwarf> {
  const src = await openFileSource(path);
  const reader = new SyncFileReader(path);
  const pool = await dwarfWorkerPool(workers);
  try {
    const d = await openDwarf(src, reader, {
      ...opts,
      runner: pool ?? undefined,
      workerFile: { path },
      closeRunner: true,
    });
    return {
      ...d,
      close: async () => {
        reader.close();
        await src.close();
      },
    };
  } catch (e) {
    reader.close();
    await src.close();
    await pool?.close();
    throw e;
  }
}
