// Runs one console line: splits it into words, finds the command, and turns any failure
// into a one-line message ("rd: cannot read virtual address 0x…: excluded"). Nothing
// thrown escapes.
import { errorMessage } from '../errors';
import { findCommand } from './command-table';
import type { CommandOutput, ConsoleContext } from './console-types';

/** crash's output can be long (`log`, `ps`); beyond this the console says what it cut. */
const MAX_LINES = 20000;

export function splitWords(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean);
}

export async function runCommand(line: string, ctx: ConsoleContext): Promise<CommandOutput> {
  const [name, ...args] = splitWords(line);
  if (!name) return { ok: true, text: '' };
  const cmd = findCommand(name);
  if (!cmd) return { ok: false, text: `${name}: command not found (try help)` };
  try {
    const lines = await cmd.run(args, ctx);
    if (lines.length > MAX_LINES) {
      return { ok: true, text: [...lines.slice(0, MAX_LINES), `... ${lines.length - MAX_LINES} more lines not shown`].join('\n') };
    }
    return { ok: true, text: lines.join('\n') };
  } catch (e) {
    const msg = errorMessage(e);
    return { ok: false, text: msg.startsWith(`${name}:`) ? msg : `${name}: ${msg}` };
  }
}
