// `rd -64` / `rd -p -64`: 64-bit words read from a virtual or physical address space,
// and crash's layout of them (memory.c display_memory with DISPLAY_64|ASCII_ENDLINE):
// per line the address right-justified in 16 columns, ":  ", two "%016lx " words, then
// two spaces and the bytes as ASCII (0x20..0x7e, else '.'); a short last line is padded
// so its ASCII column lines up (ASCII_START_64 = 37 + 16).
import type { AddressSpace } from './address-space';

export interface RdResult {
  address: bigint;
  space: 'virtual' | 'physical';
  words: bigint[];
}

/** Reads `count` little-endian 64-bit words at `address`. Throws FaultError like any read. */
export async function rd64(space: AddressSpace, address: bigint, count: number): Promise<RdResult> {
  const bytes = await space.read(address, count * 8);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words: bigint[] = [];
  for (let i = 0; i < count; i++) words.push(dv.getBigUint64(i * 8, true));
  return { address, space: space.kind, words };
}

const WORDS_PER_LINE = 2;
const ASCII_START = 37 + 16;

function asciiOf(word: bigint): string {
  let s = '';
  for (let i = 0n; i < 8n; i++) {
    const c = Number((word >> (8n * i)) & 0xffn);
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}

/** The lines crash prints for `rd -64` (or `rd -p -64`) of these words. */
export function formatRd64(r: RdResult): string[] {
  const lines: string[] = [];
  for (let i = 0; i < r.words.length; i += WORDS_PER_LINE) {
    const addr = r.address + BigInt(i * 8);
    const words = r.words.slice(i, i + WORDS_PER_LINE);
    let line = `${addr.toString(16).padStart(16)}:  `;
    for (const w of words) line += `${w.toString(16).padStart(16, '0')} `;
    line = line.padEnd(ASCII_START, ' ');
    lines.push(`${line}  ${words.map(asciiOf).join('')}`);
  }
  return lines;
}
