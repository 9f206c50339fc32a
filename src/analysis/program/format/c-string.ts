// gdb's rendering of char arrays and strings as crash shows them (gdb valprint.c
// generic_printstr under crash's settings, gdb_interface.c: print elements 256, repeat
// threshold 0x7fffffff — runs are never folded into "<repeats N times>"):
//  - a trailing NUL of an array is not printed;
//  - non-printable bytes are octal escapes (\000), with the C escapes for \n, \t…;
//  - past 256 characters the rest is elided with "...".

export const PRINT_ELEMENTS = 256;

const NAMED: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 27: '\\033' };

export function escapeChar(c: number, quote: '"' | "'"): string {
  if (c === quote.charCodeAt(0) || c === 0x5c) return `\\${String.fromCharCode(c)}`;
  if (c >= 0x20 && c < 0x7f) return String.fromCharCode(c);
  return NAMED[c] ?? `\\${c.toString(8).padStart(3, '0')}`;
}

/**
 * `bytes` as gdb prints a char array of that length (`isArray`), or a string read up to
 * its NUL (`isArray` false: nothing is dropped). `truncated`: more bytes followed.
 */
export function formatCString(bytes: Uint8Array, isArray: boolean, truncated = false): string {
  let n = bytes.length;
  if (isArray && !truncated && n > 0 && bytes[n - 1] === 0) n--;
  let s = '';
  for (let i = 0; i < Math.min(n, PRINT_ELEMENTS); i++) s += escapeChar(bytes[i]!, '"');
  return `"${s}"${n > PRINT_ELEMENTS || truncated ? '...' : ''}`;
}
