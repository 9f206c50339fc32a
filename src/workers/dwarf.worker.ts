// Web Worker entry for the DWARF index tasks. Started by WebWorkerPool (from inside the
// analysis worker: nested dedicated workers); all work is in src/analysis.
import { DWARF_TASKS } from '../analysis/debuginfo/dwarf/index/index-tasks';
import {
  handleRequest,
  type TaskRequest,
} from '../analysis/debuginfo/dwarf/parallel/worker-protocol';

declare const self: {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (e: { data: TaskRequest }) => void): void;
};

self.addEventListener('message', (e) => {
  const { response, transfer } = handleRequest(DWARF_TASKS, e.data);
  self.postMessage(response, transfer);
});
