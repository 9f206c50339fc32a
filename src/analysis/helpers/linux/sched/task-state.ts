// The task state letter of /proc/PID/stat and ps, as the kernel's task_state_to_char()
// computes it (include/linux/sched.h __task_state_index, fs/proc/array.c
// task_state_array). The bits have kept their values since v4.14 (TASK_REPORT_IDLE,
// commit 06eb61844d84); TASK_RTLOCK_WAIT (v5.15) and TASK_FROZEN (v6.1) report as 'D'.

export const TASK_RUNNING = 0x0000;
export const TASK_INTERRUPTIBLE = 0x0001;
export const TASK_UNINTERRUPTIBLE = 0x0002;
export const TASK_STOPPED = 0x0004;
export const TASK_TRACED = 0x0008;
export const EXIT_DEAD = 0x0010;
export const EXIT_ZOMBIE = 0x0020;
export const TASK_PARKED = 0x0040;
export const TASK_NOLOAD = 0x0400;
export const TASK_RTLOCK_WAIT = 0x1000;
export const TASK_FROZEN = 0x8000;
export const TASK_IDLE = TASK_UNINTERRUPTIBLE | TASK_NOLOAD;
/** RUNNING | INTERRUPTIBLE | UNINTERRUPTIBLE | __STOPPED | __TRACED | EXIT_DEAD | EXIT_ZOMBIE | PARKED. */
export const TASK_REPORT = 0x7f;
const TASK_REPORT_IDLE = TASK_REPORT + 1;

/** "RSDTtXZPI": index fls(state) of task_state_array. */
const LETTERS = 'RSDTtXZPI';

export function taskStateIndex(state: number, exitState: number): number {
  let s = (state | exitState) & TASK_REPORT;
  // A kthread sleeping in TASK_IDLE (it may also be TASK_FREEZABLE) does not count as 'D'.
  if ((state & TASK_IDLE) === TASK_IDLE) s = TASK_REPORT_IDLE;
  if (state & (TASK_RTLOCK_WAIT | TASK_FROZEN)) s = TASK_UNINTERRUPTIBLE;
  return s === 0 ? 0 : 32 - Math.clz32(s);
}

export function taskStateToChar(state: number, exitState: number): string {
  return LETTERS[taskStateIndex(state, exitState)] ?? '?';
}
