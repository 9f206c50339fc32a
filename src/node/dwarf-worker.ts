// worker_threads entry for the DWARF index tasks (built to dwarf-worker.mjs). The file
// reference a session names is `{ path }`: the worker reads the vmlinux itself.
import { parentPort } from 'node:worker_threads';
import { DWARF_TASKS, setFileOpener } from '../analysis/debuginfo/dwarf/index/index-tasks';
import { prepareWasmScan } from '../analysis/debuginfo/dwarf/index/wasm-scan';
import {
  handleRequest,
  WORKER_READY,
  type TaskRequest,
} from '../analysis/debuginfo/dwarf/parallel/worker-protocol';
import { SyncFileReader } from './sync-file-reader';

const port = parentPort;
if (!port) throw new Error('dwarf-worker must run in a worker thread');
setFileOpener((ref) => new SyncFileReader((ref as { path: string }).path));
// Compiled and instantiated while the worker starts, not with the first chunk.
prepareWasmScan();
port.on('message', (msg: TaskRequest) => {
  const { response, transfer } = handleRequest(DWARF_TASKS, msg);
  port.postMessage(response, transfer);
});
port.postMessage(WORKER_READY);
