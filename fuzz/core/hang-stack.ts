// Where a hung worker is spinning: attaches the inspector to the worker threads, pauses
// the one given and returns its JS stack, mapped to the TypeScript sources through the
// bundle's inline source map. Used once per hang, just before the worker is killed.
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';

interface CallFrame {
  functionName: string;
  url: string;
  location: { lineNumber: number; columnNumber?: number };
}

function frameText(f: CallFrame, script: string): string {
  const url = f.url || script;
  let where = `${url}:${f.location.lineNumber + 1}`;
  try {
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    const e = findSourceMap(path)?.findEntry(f.location.lineNumber, f.location.columnNumber ?? 0);
    if (e && 'originalSource' in e && e.originalSource) where = `${e.originalSource}:${e.originalLine + 1}`;
  } catch {
    // Keep the bundle location.
  }
  return `    at ${f.functionName || '<anonymous>'} (${where})`;
}

/**
 * The stack of `worker` (spinning in JS), or '' when it cannot be had within `ms`.
 * `script`: the worker's file, for frames the inspector gives without a URL.
 */
export function hangStack(worker: Worker, script: string, ms = 10_000): Promise<string> {
  const s = new Session();
  s.connect();
  return new Promise<string>((resolve) => {
    const send = (sessionId: string, id: number, method: string) =>
      s.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params: {} }) }, () => undefined);
    let done = false;
    let sid: string | null = null;
    const finish = (stack: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(again);
      // A worker left paused in the debugger could not be terminated.
      if (sid) send(sid, 3, 'Debugger.resume');
      s.disconnect();
      resolve(stack);
    };
    const timer = setTimeout(() => finish(''), ms);
    // A pause request can be lost while the worker is busy attaching: ask again.
    let id = 10;
    const again = setInterval(() => {
      if (sid) send(sid, id++, 'Debugger.pause');
    }, 1000);
    s.on('NodeWorker.attachedToWorker', (m: { params: { sessionId: string; workerInfo: { workerId: string } } }) => {
      if (String(m.params.workerInfo.workerId) !== String(worker.threadId)) return;
      sid = m.params.sessionId;
      send(m.params.sessionId, 1, 'Debugger.enable');
      send(m.params.sessionId, 2, 'Debugger.pause');
    });
    s.on('NodeWorker.receivedMessageFromWorker', (m: { params: { message: string } }) => {
      const msg = JSON.parse(m.params.message) as { method?: string; params?: { callFrames: CallFrame[] } };
      if (msg.method === 'Debugger.paused') finish(['Error: hang', ...(msg.params?.callFrames ?? []).map((f) => frameText(f, script))].join('\n'));
    });
    s.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, () => undefined);
  });
}
