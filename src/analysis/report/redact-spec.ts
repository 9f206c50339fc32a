// The `--redact` list of the CLI (../shared/CONTRACT.md): hostname, kaslr, comm=<name>,
// log=<regex>, comma-separated and combinable; a bare `comm` hides every user task's name.
// A regex may itself hold commas: a piece that starts no item belongs to the log= before it.
import { CrashlensError } from '../errors';
import type { SanitizeOptions } from './sanitize';

const ITEM = /^(?:hostname|kaslr|comm)$|^(?:comm|log)=/;

/** The items of a list: a piece that starts no item continues a log= pattern (a comma in it). */
function items(spec: string): string[] {
  const out: string[] = [];
  for (const piece of spec.split(',')) {
    const last = out.length - 1;
    if (!ITEM.test(piece.trim()) && last >= 0 && out[last]!.startsWith('log='))
      out[last] += `,${piece}`;
    else out.push(piece);
  }
  return out;
}

/** A pattern as "regex" or "/regex/flags". */
export function parseLogPattern(text: string): RegExp {
  const slashed = /^\/(.*)\/([imsu]*)$/s.exec(text);
  try {
    return slashed ? new RegExp(slashed[1]!, slashed[2]) : new RegExp(text);
  } catch (e) {
    throw new CrashlensError(
      'USAGE',
      `log pattern ${text}: not a regular expression (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

export function parseRedactSpec(spec: string): SanitizeOptions {
  const options: SanitizeOptions = {};
  const comms: string[] = [];
  const patterns: RegExp[] = [];
  for (const item of items(spec)) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item.trim() : item.slice(0, eq).trim();
    const value = eq < 0 ? null : item.slice(eq + 1);
    if (key === 'hostname' && value === null) options.hostname = true;
    else if (key === 'kaslr' && value === null) options.kaslr = true;
    else if (key === 'comm' && value === null) options.userComms = true;
    else if (key === 'comm' && value) comms.push(value);
    else if (key === 'log' && value) patterns.push(parseLogPattern(value));
    else {
      throw new CrashlensError(
        'USAGE',
        `--redact: unknown item "${item}" (known: hostname, kaslr, comm, comm=<name>, log=<regex>)`,
      );
    }
  }
  if (comms.length) options.comms = comms;
  if (patterns.length) options.logPatterns = patterns;
  return options;
}
