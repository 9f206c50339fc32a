// Console commands run here, in the worker, against the open dump: a command never has
// access to the page, and its output comes back as plain text.
import { complete as completeLine } from '../analysis/console/complete';
import type { ConsoleContext } from '../analysis/console/console-types';
import { runCommand as run } from '../analysis/console/run-command';
import type { CommandOutput, Completion } from './analysis-api';

const MAX_LINE = 4096;

export function runCommand(ctx: ConsoleContext | null, line: string): Promise<CommandOutput> {
  if (!ctx) return Promise.resolve({ ok: false, text: 'no dump is open' });
  if (line.length > MAX_LINE) return Promise.resolve({ ok: false, text: `the command is longer than ${MAX_LINE} characters` });
  return run(line, ctx);
}

export function complete(ctx: ConsoleContext | null, line: string, column: number): Completion {
  if (!ctx || line.length > MAX_LINE) return { from: column, items: [] };
  try {
    return completeLine(line, Math.max(0, Math.min(column, line.length)), ctx);
  } catch {
    return { from: column, items: [] };
  }
}
