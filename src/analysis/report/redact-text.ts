// Text replacements of sanitize.ts: a secret string wherever it appears in free text
// (log records, panic lines, warnings, file names), and kernel addresses written in text
// the way the kernel prints them (oops register dumps: "RSP: 0018:ffffb5f1c0c3fe10").

/** A function from text to redacted text. */
export type TextRedactor = (text: string) => string;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces `secret` everywhere in a text, also inside longer words: a name the user chose
 * to hide must not survive as part of "crashme2" or "/home/crashme". Case-insensitive
 * when `anyCase` (host names are).
 */
export function replaceEverywhere(
  secret: string,
  replacement: string,
  anyCase = false,
): TextRedactor {
  const re = new RegExp(escapeRegExp(secret), anyCase ? 'gi' : 'g');
  return (text) => text.replace(re, replacement);
}

/**
 * Replaces `word` only where it stands alone: not preceded or followed by a letter, digit
 * or underscore. For names gathered automatically (every user task's comm): "init" goes
 * from "/sbin/init" but "initcall" stays.
 */
export function replaceWord(word: string, replacement: string): TextRedactor {
  const re = new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(word)}(?![A-Za-z0-9_])`, 'g');
  return (text) => text.replace(re, replacement);
}

/**
 * x86_64/arm64 kernel addresses as text: 16 hex digits from ffff8000_00000000 up, with or
 * without 0x, standing alone (the kernel prints pointers and registers zero-padded).
 */
const KERNEL_HEX_IN_TEXT = /(?<![0-9A-Za-z_])(?:0x)?(ffff[89a-f][0-9a-f]{11})(?![0-9A-Za-z_])/gi;

/** Each kernel address in `text`, as a bigint. */
export function kernelAddressesInText(text: string): bigint[] {
  return [...text.matchAll(KERNEL_HEX_IN_TEXT)].map((m) => BigInt(`0x${m[1]!}`));
}

/** Replaces each kernel address in a text by what `name` says (its symbol, or a mark). */
export function replaceKernelAddresses(name: (address: bigint) => string): TextRedactor {
  return (text) => text.replace(KERNEL_HEX_IN_TEXT, (_m, hex: string) => name(BigInt(`0x${hex}`)));
}

/**
 * The KASLR offset as the kernel prints it at panic (arch/x86/kernel/setup.c
 * dump_kernel_offset: "Kernel Offset: 0x2b000000 from 0xffffffff81000000 …"), and the
 * offset's own value anywhere in text, with or without 0x and leading zeros.
 */
export function replaceKaslrOffset(offset: bigint | null, replacement: string): TextRedactor {
  const line = /(Kernel Offset: )(?:0x)?[0-9a-f]+/gi;
  const value =
    offset !== null && offset !== 0n
      ? new RegExp(`(?<![0-9A-Za-z_])(?:0x)?0*${offset.toString(16)}(?![0-9A-Za-z_])`, 'gi')
      : null;
  return (text) => {
    const t = text.replace(line, `$1${replacement}`);
    return value ? t.replace(value, replacement) : t;
  };
}

export function chain(redactors: TextRedactor[]): TextRedactor {
  return (text) => redactors.reduce((t, r) => r(t), text);
}
