// crash's `rd`: 64-bit words (`rd -64`, memory/rd.ts formatRd64) of virtual or physical
// memory, or ASCII text (`rd -a`, memory.c display_memory DISPLAY_ASCII): 60 printable
// characters per line after the address; without a count the text ends at the first
// non-printable byte, with a count a non-printable byte starts a new line.
import { CommandUsageError } from '../../errors';
import { formatRd64 } from '../../memory/rd';
import type { Program } from '../program';
import { parseAddress } from './address';
import { readCString } from '../object-value';

export interface RdOptions {
  /** Words (or bytes with `ascii`) to show; default 1 word, or up to the NUL for ascii. */
  count?: number;
  physical?: boolean;
  ascii?: boolean;
}

/** Most bytes `rd -a` reads without a count (crash's ASCII_UNLIMITED is a page-bounded loop). */
const ASCII_UNLIMITED = 64 * 1024;
const ASCII_PER_LINE = 60;
/** crash caps a display at this many words. */
const MAX_WORDS = 1 << 20;

export async function rdCommand(prog: Program, addressText: string, opts: RdOptions = {}): Promise<string[]> {
  const address = opts.physical ? parsePhysical(addressText) : parseAddress(prog, addressText);
  const count = opts.count;
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > MAX_WORDS)) {
    throw new CommandUsageError(`rd: count must be 1..${MAX_WORDS}`);
  }
  if (opts.ascii) {
    const space = opts.physical ? prog.memory.physical : prog.memory.virtual;
    if (count === undefined) {
      const text = await readCString(space, address, ASCII_UNLIMITED);
      return formatRdAscii(address, Uint8Array.from(text, (c) => c.charCodeAt(0)), true);
    }
    return formatRdAscii(address, await space.read(address, count), false);
  }
  return formatRd64(await prog.memory.rd(address, count ?? 1, opts.physical ?? false));
}

function parsePhysical(text: string): bigint {
  const s = text.trim();
  if (/^(0x)?[0-9a-f]+$/i.test(s)) return BigInt(s.toLowerCase().startsWith('0x') ? s : `0x${s}`);
  throw new CommandUsageError(`rd --phys: ${s} is not a hexadecimal physical address`);
}

const printable = (c: number) => c >= 0x20 && c < 0x7f;

export function formatRdAscii(address: bigint, bytes: Uint8Array, unlimited: boolean): string[] {
  const lines: string[] = [];
  let cur: string | null = null;
  let a = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (!printable(c)) {
      if (unlimited) break;
      a = 0;
      continue;
    }
    if (a % ASCII_PER_LINE === 0) {
      if (cur !== null) lines.push(cur);
      cur = `${(address + BigInt(i)).toString(16).padStart(16)}:  `;
    }
    cur += String.fromCharCode(c);
    a++;
  }
  if (cur !== null) lines.push(cur);
  return lines;
}
