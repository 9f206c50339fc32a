// Address arguments as crash reads them: a number is hexadecimal with or without "0x";
// a symbol name (optionally "+offset") stands for its runtime address. A name is looked
// up first, so that symbols spelled in hex digits ("add", "dead") still resolve.
import { LookupError } from '../../errors';
import type { Program } from '../program';

const SYMBOL_OFFSET = /^([A-Za-z_.$][\w.$]*)\s*([+-])\s*(0x[0-9a-f]+|\d+)$/i;

export function parseAddress(prog: Program, text: string): bigint {
  const s = text.trim();
  if (/^0x[0-9a-f]+$/i.test(s)) return BigInt(s);
  const sym = prog.symbol(s);
  if (sym) return sym.address;
  const m = SYMBOL_OFFSET.exec(s);
  if (m) {
    const base = prog.symbol(m[1]!);
    if (!base) throw new LookupError(`no symbol ${m[1]}`);
    const off = BigInt(m[3]!); // BigInt reads both 0x-hex and decimal
    return BigInt.asUintN(64, m[2] === '+' ? base.address + off : base.address - off);
  }
  if (/^[0-9a-f]+$/i.test(s)) return BigInt(`0x${s}`);
  throw new LookupError(`${s}: neither a symbol nor a hexadecimal address`);
}

/** Lowercase hex without 0x, padded to 16 digits (crash's address column). */
export const hex16 = (v: bigint): string => v.toString(16).padStart(16, '0');
