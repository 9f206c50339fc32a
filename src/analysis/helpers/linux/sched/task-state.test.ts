import { describe, expect, it } from 'vitest';
import { EXIT_DEAD, EXIT_ZOMBIE, TASK_IDLE, TASK_FROZEN, TASK_PARKED, TASK_RTLOCK_WAIT, taskStateToChar } from './task-state';

describe('task_state_to_char', () => {
  it.each([
    [0, 0, 'R'],
    [0x1, 0, 'S'],
    [0x2, 0, 'D'],
    [0x102, 0, 'D'], // TASK_KILLABLE
    [0x4, 0, 'T'],
    [0x8, 0, 't'],
    [0x0, EXIT_ZOMBIE, 'Z'],
    [0x80, EXIT_DEAD, 'X'],
    [TASK_PARKED, 0, 'P'],
    [TASK_IDLE, 0, 'I'],
    [TASK_IDLE | 0x2000, 0, 'I'], // TASK_IDLE | TASK_FREEZABLE
    [TASK_RTLOCK_WAIT, 0, 'D'],
    [TASK_FROZEN, 0, 'D'],
    [0x101, 0, 'S'], // TASK_WAKEKILL | INTERRUPTIBLE
  ])('state %s exit_state %s is %s', (state, exit, letter) => {
    expect(taskStateToChar(state, exit)).toBe(letter);
  });
});
