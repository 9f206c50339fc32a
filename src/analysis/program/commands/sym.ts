// crash's `sym`: a symbol's address, nm type letter and name, or for an address the
// symbol containing it as name+offset (offset in decimal, as crash prints it), then the
// source line when DWARF line tables are loaded:
//   ffffffffac000000 (T) _text /build/…/arch/x86/kernel/head_64.S: 65
//   ffffffffac9ccf41 (T) panic+16
import { LookupError } from '../../errors';
import type { SymbolInfo } from '../../debuginfo/debug-info';
import type { Program } from '../program';
import { hex16, parseAddress } from './address';

export function symCommand(prog: Program, arg: string): string[] {
  const byName = /^0x/i.test(arg) ? undefined : prog.symbol(arg.trim());
  if (byName) return [line(prog, byName.address, byName, 0n)];
  let address: bigint;
  try {
    address = parseAddress(prog, arg);
  } catch (e) {
    if (e instanceof LookupError) throw new LookupError(`sym: ${arg}: symbol not found`);
    throw e;
  }
  const at = prog.symbolize(address);
  if (!at) throw new LookupError(`sym: 0x${address.toString(16)}: no symbol contains this address`);
  return [line(prog, address, at.symbol, at.offset)];
}

function line(prog: Program, address: bigint, sym: SymbolInfo, offset: bigint): string {
  let s = `${hex16(address)} (${prog.symbolLetter(sym)}) ${sym.name}${offset ? `+${offset}` : ''}`;
  const src = sym.absolute ? undefined : prog.code?.lineAt?.(address - prog.kaslrOffset);
  if (src) s += ` ${src.file}: ${src.line}`;
  return s;
}
