// Decoding kallsyms_names (kernel/kallsyms.c kallsyms_expand_symbol; table layout from
// scripts/kallsyms.c write_src). Each entry is a length then that many token bytes; each
// byte stands for the NUL-terminated string at kallsyms_token_table[token_index[byte]].
// The first expanded character is the nm-style type letter, the rest the name.
//
// Lengths: one byte, or since v6.1 (commit 73bbb94466fd3, "big" symbols) two bytes when
// bit 7 of the first is set: `(b0 & 0x7f) | b1 << 7`. The writer uses two bytes only
// for lengths >= 0x80, so a second byte of 0 is impossible there; a table that has one
// (or whose letters come out wrong) uses one-byte lengths. Older kernels never reach
// 0x80 in practice (KSYM_NAME_LEN 128).
import { BadDataError } from '../../errors';

/** One decoded symbol is at most KSYM_NAME_LEN (512 since v6.1) bytes; allow some slack. */
export const MAX_NAME = 1024;

export interface DecodedNames {
  count: number;
  /** Names, NUL-terminated, back to back. */
  strings: Uint8Array;
  nameOffsets: Uint32Array;
  /** Type letter of each symbol. */
  letters: Uint8Array;
  /** Two-byte lengths were read (the table has a name of 128 or more token bytes). */
  longNames: boolean;
  /** Bytes of kallsyms_names the walk consumed. */
  namesLength: number;
  /** Symbols whose type letter is not an ASCII letter (a sign of a wrong decode). */
  badLetters: number;
}

/**
 * Byte length of the first `count` entries of `names`, or 'short' when `names` ends
 * first, or 'invalid' when a length cannot be right under this length encoding.
 */
export function walkNames(
  names: Uint8Array,
  count: number,
  longNames: boolean,
): number | 'short' | 'invalid' {
  let pos = 0;
  for (let i = 0; i < count; i++) {
    if (pos >= names.length) return 'short';
    let len = names[pos++]!;
    if (longNames && len & 0x80) {
      if (pos >= names.length) return 'short';
      const hi = names[pos++]!;
      if (hi === 0) return 'invalid';
      len = (len & 0x7f) | (hi << 7);
    }
    if (len === 0) return 'invalid';
    pos += len;
  }
  return pos <= names.length ? pos : 'short';
}

/** The 256 tokens as byte ranges of `table`; a token with no NUL is null (an error if used). */
export function splitTokens(table: Uint8Array, index: Uint16Array): (Uint8Array | null)[] {
  const out: (Uint8Array | null)[] = [];
  for (let b = 0; b < 256; b++) {
    const start = index[b]!;
    const end = start < table.length ? table.indexOf(0, start) : -1;
    out.push(end < 0 ? null : table.subarray(start, end));
  }
  return out;
}

/** Expands every name. Throws BadDataError naming the symbol when the table is inconsistent. */
export function decodeNames(
  names: Uint8Array,
  count: number,
  tokens: readonly (Uint8Array | null)[],
  longNames: boolean,
  source: string,
): DecodedNames {
  let strings: Uint8Array = new Uint8Array(Math.max(1024, names.length * 3));
  const nameOffsets = new Uint32Array(count);
  const letters = new Uint8Array(count);
  let out = 0;
  let pos = 0;
  let badLetters = 0;
  let twoByte = 0;
  for (let i = 0; i < count; i++) {
    const at = pos;
    if (pos >= names.length)
      throw new BadDataError(
        source,
        at,
        `the length of symbol ${i} of ${count}`,
        'the end of kallsyms_names',
      );
    let len = names[pos++]!;
    if (longNames && len & 0x80) {
      len = (len & 0x7f) | ((names[pos++] ?? 0) << 7);
      twoByte++;
    }
    if (pos + len > names.length)
      throw new BadDataError(
        source,
        at,
        `${len} token bytes of symbol ${i}`,
        'the end of kallsyms_names',
      );
    if (strings.length - out < MAX_NAME + 1) strings = grow(strings, out + MAX_NAME + 1);
    const start = out;
    let first = true;
    for (const end = pos + len; pos < end; pos++) {
      const tok = tokens[names[pos]!];
      if (!tok)
        throw new BadDataError(
          source,
          pos,
          `a token byte with a NUL-terminated token`,
          `byte 0x${names[pos]!.toString(16)} in symbol ${i}`,
        );
      let t = tok;
      if (first && t.length > 0) {
        letters[i] = t[0]!;
        t = t.subarray(1);
        first = false;
      }
      if (out - start + t.length > MAX_NAME)
        throw new BadDataError(
          source,
          at,
          `a symbol name of at most ${MAX_NAME} bytes`,
          `more in symbol ${i}`,
        );
      strings.set(t, out);
      out += t.length;
    }
    const l = letters[i]!;
    if (!((l >= 0x41 && l <= 0x5a) || (l >= 0x61 && l <= 0x7a))) badLetters++;
    nameOffsets[i] = start;
    strings[out++] = 0;
  }
  return {
    count,
    strings: strings.subarray(0, out),
    nameOffsets,
    letters,
    longNames: twoByte > 0,
    namesLength: pos,
    badLetters,
  };
}

function grow(b: Uint8Array, need: number): Uint8Array {
  const n = new Uint8Array(Math.max(need, b.length * 2));
  n.set(b);
  return n;
}
