// Turns a worker error ({code, message}) into what the user sees: the message as the
// analysis library wrote it (it names the file and the offset) plus what they can do.
import type { SessionError } from '../../workers/analysis-api';
import type { UiError } from '../state/session-slice';

const HINTS: Record<string, string> = {
  BAD_DATA:
    'This file is neither a crash dump nor a vmlinux crashlens can read, or it is damaged. Choose the ' +
    'vmcore itself (ELF, kdump-compressed or makedumpfile flattened), optionally with its vmlinux. For a ' +
    'split dump, select all its parts together. If the copy was truncated, copy it again.',
  VMLINUX_MISMATCH:
    'This vmlinux was built for another kernel, so its symbols and types would give wrong answers. ' +
    'Choose the vmlinux of the release the dump names (the -dbg package of that exact build), or open ' +
    'the dump alone: crashlens then uses the symbols and types the dump itself holds.',
  UNSUPPORTED:
    'crashlens does not support this kind of dump yet. If you can, re-create it with makedumpfile ' +
    '(e.g. makedumpfile -c -d 31) and open that file.',
  FAULT: 'The dump lacks memory this step needs (the page may be excluded by the dump level). ' +
    'A dump taken with a lower makedumpfile -d level may hold it.',
  MISSING_DEBUG_INFO: 'The dump holds no usable symbols for this step. Adding the matching vmlinux will help, when supported.',
  LOOKUP: 'Open a dump first, then try again.',
  REPORT:
    'This file or link is not a crashlens report this version can open. Ask for the report again ' +
    '(a .crashlens.json file, or the whole link: long links get cut), or open it with the crashlens that made it.',
  USAGE: 'Choose the dump file (a vmcore), with at most one vmlinux beside it.',
  WORKER: 'Reload the page and try again. If it happens again, please report it with the message above.',
  INTERNAL: 'This is a bug in crashlens. Please report it with the message above; reloading the page may help.',
};

export function toUiError(e: SessionError): UiError {
  return { code: e.code, message: e.message, hint: HINTS[e.code] ?? HINTS.INTERNAL! };
}
