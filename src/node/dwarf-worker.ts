// worker_threads entry for the DWARF index tasks (built to dwarf-worker.mjs).
import { parentPort } from 'node:worker_threads';
import { DWARF_TASKS } from '../analysis/debuginfo/dwarf/index/index-tasks';
import {
  handleRequest,
  type TaskRequest,
} from '../analysis/debuginfo/dwarf/parallel/worker-protocol';

const port = parentPort;
if (!port) throw new Error('dwarf-worker must run in a worker thread');
port.on('message', (msg: TaskRequest) => {
  const { response, transfer } = handleRequest(DWARF_TASKS, msg);
  port.postMessage(response, transfer);
});
