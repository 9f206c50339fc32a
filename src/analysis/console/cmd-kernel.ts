// Console commands on kernel memory, symbols and types: rd, struct, sym, vtop. Their
// arguments are spelled as in crash; the work and the output layout are the Program's
// commands (program/commands), shared with the CLI.
import { LookupError } from '../errors';
import { formatRd64, rd64 } from '../memory/rd';
import { rdCommand } from '../program/commands/rd';
import { structCommand } from '../program/commands/struct';
import { symCommand } from '../program/commands/sym';
import { vtopCommand } from '../program/commands/vtop';
import type { Program } from '../program/program';
import type { ConsoleContext } from './console-types';

function needProgram(ctx: ConsoleContext, what: string): Program {
  if (!ctx.program) throw new LookupError(`${what}: kernel symbols and page tables are not available for this dump`);
  return ctx.program;
}

function parseCount(text: string): number {
  const v = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v <= 0) throw new LookupError(`count must be a positive number, not "${text}"`);
  return v;
}

const RD_FLAGS = new Set(['-p', '-64', '-a']);

/** `rd [-p] [-a] [-64] <address|symbol> [count]`. */
export async function rd(args: string[], ctx: ConsoleContext): Promise<string[]> {
  const bad = args.find((a) => a.startsWith('-') && !RD_FLAGS.has(a));
  if (bad) throw new LookupError(`option ${bad} is not supported (rd [-p] [-a] <address> [count])`);
  const [address, countText] = args.filter((a) => !RD_FLAGS.has(a));
  if (!address) throw new LookupError('give an address (rd [-p] <address|symbol> [count])');
  const physical = args.includes('-p');
  const count = countText === undefined ? undefined : parseCount(countText);
  if (physical && !ctx.program && !args.includes('-a')) {
    if (!/^(0x)?[0-9a-f]+$/i.test(address)) throw new LookupError(`${address} is not a hexadecimal physical address`);
    const at = BigInt(address.toLowerCase().startsWith('0x') ? address : `0x${address}`);
    return formatRd64(await rd64(ctx.physical, at, count ?? 1));
  }
  return rdCommand(needProgram(ctx, 'rd'), address, { count, physical, ascii: args.includes('-a') });
}

/** `struct <type>[.member[,member]] [address]` (`-o` is accepted: offsets are always shown). */
export function struct(args: string[], ctx: ConsoleContext): Promise<string[]> {
  const words = args.filter((a) => a !== '-o');
  // "struct task_struct" and "task_struct" name the same type.
  if ((words[0] === 'struct' || words[0] === 'union') && words[1]) words.splice(0, 2, `${words[0]} ${words[1]}`);
  if (!words[0]) throw new LookupError('give a type name (struct <type>[.member] [address])');
  return structCommand(needProgram(ctx, 'struct'), words[0], words[1]);
}

export function sym(args: string[], ctx: ConsoleContext): string[] {
  if (!args[0]) throw new LookupError('give a symbol name or an address');
  const prog = needProgram(ctx, 'sym');
  return args.flatMap((a) => symCommand(prog, a));
}

export function vtop(args: string[], ctx: ConsoleContext): Promise<string[]> {
  if (!args[0]) throw new LookupError('give a kernel virtual address');
  return vtopCommand(needProgram(ctx, 'vtop'), args[0]);
}
