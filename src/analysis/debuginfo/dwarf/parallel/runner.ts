// How src/analysis runs pure work functions in parallel without importing any worker API:
// the host (Node worker_threads in src/node, Web Workers in src/workers) implements
// ParallelRunner; the work itself is a registered TaskHandler that runs in the worker.
// Inputs and outputs are structured-clone data; typed-array buffers listed in `transfer`
// move without copying.

export interface TaskResult {
  output: unknown;
  transfer?: ArrayBuffer[];
}

/** A pure task: input in, output out. It may keep per-session state in its own module. */
export type TaskHandler = (input: unknown) => TaskResult;

export type TaskTable = Readonly<Record<string, TaskHandler>>;

export interface ParallelRunner {
  /**
   * Number of lanes. Each lane is one worker (or the calling thread): the tasks sent to
   * a lane run in order, on the same module state.
   */
  readonly lanes: number;
  run(lane: number, task: string, input: unknown, transfer?: ArrayBuffer[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Runs tasks in the calling thread (tests, and hosts without workers). */
export class InThreadRunner implements ParallelRunner {
  readonly lanes: number;

  constructor(
    private readonly tasks: TaskTable,
    lanes = 1,
  ) {
    this.lanes = lanes;
  }

  run(lane: number, task: string, input: unknown): Promise<unknown> {
    if (lane < 0 || lane >= this.lanes) return Promise.reject(new RangeError(`no lane ${lane}`));
    const handler = this.tasks[task];
    if (!handler) return Promise.reject(new RangeError(`unknown task ${task}`));
    try {
      return Promise.resolve(handler(input).output);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
