// The messages between a ParallelRunner and its workers, and the worker side's whole job
// (handleRequest), so that the Node and browser worker entries stay a few lines long.
// Errors cross as plain data and are rebuilt as the same crashlens error classes.
import { BadDataError, CrashlensError, errorMessage, type ErrorCode } from '../../../errors';
import type { TaskTable } from './runner';

/** Posted by a Node worker entry once it can take tasks (NodeWorkerPool.ready). */
export const WORKER_READY = 'ready';

export interface TaskRequest {
  id: number;
  task: string;
  input: unknown;
}

export interface WireError {
  code: ErrorCode | 'INTERNAL';
  message: string;
  bad?: { source: string; offset: number; expected: string; found?: string };
}

export type TaskResponse =
  { id: number; ok: true; output: unknown } | { id: number; ok: false; error: WireError };

export function toWireError(e: unknown): WireError {
  if (e instanceof BadDataError) {
    return {
      code: e.code,
      message: e.message,
      bad: { source: e.source, offset: e.offset, expected: e.expected, found: e.found },
    };
  }
  if (e instanceof CrashlensError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: errorMessage(e) };
}

export function fromWireError(w: WireError): Error {
  if (w.bad) return new BadDataError(w.bad.source, w.bad.offset, w.bad.expected, w.bad.found);
  if (w.code === 'INTERNAL') return new Error(w.message);
  return new CrashlensError(w.code, w.message);
}

/** Runs one request in a worker; returns the response and the buffers to transfer. */
export function handleRequest(
  tasks: TaskTable,
  msg: TaskRequest,
): { response: TaskResponse; transfer: ArrayBuffer[] } {
  const handler = tasks[msg.task];
  if (!handler) {
    return {
      response: {
        id: msg.id,
        ok: false,
        error: { code: 'INTERNAL', message: `unknown task ${msg.task}` },
      },
      transfer: [],
    };
  }
  try {
    const r = handler(msg.input);
    return { response: { id: msg.id, ok: true, output: r.output }, transfer: r.transfer ?? [] };
  } catch (e) {
    return { response: { id: msg.id, ok: false, error: toWireError(e) }, transfer: [] };
  }
}

/** Client side of one worker: numbered requests, answers matched by id. */
export class RequestTracker {
  private next = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  /** Number of requests waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  request(task: string, input: unknown, post: (req: TaskRequest) => void): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        post({ id, task, input });
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  settle(res: TaskResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    if (res.ok) p.resolve(res.output);
    else p.reject(fromWireError(res.error));
  }

  /** Fails every pending request (the worker died). */
  failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
