// printk log levels (include/linux/kern_levels.h) with their names.
export const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

export function levelName(level: number): string {
  return LOG_LEVELS[level] ?? `level ${level}`;
}
