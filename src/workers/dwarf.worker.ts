// Web Worker entry for the DWARF index tasks. Started by WebWorkerPool (from inside the
// analysis worker: nested dedicated workers); all work is in src/analysis. The file
// reference a session names is the vmlinux File (a Blob: cloning it copies no bytes),
// read here with FileReaderSync.
import { DWARF_TASKS, setFileOpener } from '../analysis/debuginfo/dwarf/index/index-tasks';
import { prepareWasmScan } from '../analysis/debuginfo/dwarf/index/wasm-scan';
import {
  handleRequest,
  type TaskRequest,
} from '../analysis/debuginfo/dwarf/parallel/worker-protocol';
import { BlobSyncReader } from './file-sync-reader';

declare const self: {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (e: { data: TaskRequest }) => void): void;
};

setFileOpener(
  (ref) => new BlobSyncReader((ref as { name?: string }).name ?? 'vmlinux', ref as Blob),
);
// Compiled and instantiated while the worker starts, not with the first chunk.
prepareWasmScan();
self.addEventListener('message', (e) => {
  const { response, transfer } = handleRequest(DWARF_TASKS, e.data);
  self.postMessage(response, transfer);
});
