// The `--redact` list of the CLI (../shared/CONTRACT.md): hostname, kaslr, comm=<name>,
// log=<regex>, comma-separated and combinable; a bare `comm` hides every user task's name.
// A regex may itself hold commas: the list splits only before a known item.
import { CrashlensError } from '../errors';
import type { SanitizeOptions } from './sanitize';

const ITEM_START = /,(?=(?:hostname|kaslr|comm|log)(?:=|,|$))/;

/** A pattern as "regex" or "/regex/flags". */
export function parseLogPattern(text: string): RegExp {
  const slashed = /^\/(.*)\/([imsu]*)$/s.exec(text);
  try {
    return slashed ? new RegExp(slashed[1]!, slashed[2]) : new RegExp(text);
  } catch (e) {
    throw new CrashlensError(
      'USAGE',
      `--redact log=${text}: not a regular expression (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

export function parseRedactSpec(spec: string): SanitizeOptions {
  const options: SanitizeOptions = {};
  const comms: string[] = [];
  const patterns: RegExp[] = [];
  for (const item of spec.split(ITEM_START)) {
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
