// The console's commands: crash's core vocabulary. Each entry says how it is used; `help`
// prints this table.
import { LookupError } from '../errors';
import { bt, log, ps, sys } from './cmd-report';
import { rd, struct, sym, vtop } from './cmd-kernel';
import type { ConsoleContext } from './console-types';

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  /** What the arguments complete to. */
  argument: 'symbol' | 'type' | 'pid' | 'command' | 'none';
  options?: string[];
  run(args: string[], ctx: ConsoleContext): string[] | Promise<string[]>;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'sys', usage: 'sys', summary: 'system facts: release, CPUs, memory, panic', argument: 'none', run: sys },
  { name: 'ps', usage: 'ps [pid|comm]...', summary: 'the task list (> marks a task running on a CPU)', argument: 'pid', run: ps },
  { name: 'bt', usage: 'bt [-l] [pid|-a]', summary: 'backtrace of the panic task, of a pid, or of every CPU (-a); -l: source lines', argument: 'pid', options: ['-a', '-l'], run: bt },
  { name: 'log', usage: 'log', summary: 'the kernel log, as dmesg prints it', argument: 'none', run: log },
  { name: 'rd', usage: 'rd [-p] [-a] <address|symbol> [count]', summary: '64-bit words (or -a text) of virtual or -p physical memory', argument: 'symbol', options: ['-p', '-a', '-64'], run: rd },
  { name: 'struct', usage: 'struct <type>[.member,...] [address]', summary: 'a struct layout with offsets, or its values at an address', argument: 'type', options: ['-o'], run: struct },
  { name: 'sym', usage: 'sym <symbol|address>', summary: 'a symbol address and type, or the symbol at an address', argument: 'symbol', run: sym },
  { name: 'vtop', usage: 'vtop <address>', summary: 'translate a kernel virtual address through the page tables', argument: 'symbol', run: vtop },
  { name: 'help', usage: 'help [command]', summary: 'this list, or how to use one command', argument: 'command', run: help },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function help(args: string[]): string[] {
  if (args[0]) {
    const c = findCommand(args[0]);
    if (!c) throw new LookupError(`help: no command ${args[0]}`);
    return [`${c.usage}`, `  ${c.summary}`];
  }
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'Commands (crash\'s vocabulary; they run in the analysis worker, on the open dump):',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Tab or Ctrl+Space completes commands, symbols and struct/member names; Up/Down walk the history.',
  ];
}
