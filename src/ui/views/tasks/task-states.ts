// The kernel's task state letters (fs/proc/array.c task_state_array) and their colours.
export const STATE_NAMES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk sleep',
  T: 'stopped',
  t: 'tracing stop',
  X: 'dead',
  Z: 'zombie',
  P: 'parked',
  I: 'idle',
};

const COLORS: Record<string, string> = {
  R: '#2e9d4f',
  S: '#4a7fd4',
  D: '#d9822b',
  T: '#9b59b6',
  t: '#9b59b6',
  X: '#7f8c8d',
  Z: '#c0392b',
  P: '#16a085',
  I: '#95a5a6',
};

export function stateName(letter: string): string {
  return STATE_NAMES[letter] ?? 'unknown';
}

export function stateColor(letter: string): string {
  return COLORS[letter] ?? '#7f8c8d';
}
