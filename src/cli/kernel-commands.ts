// `crashlens sym|vtop|rd|struct …`: crash's commands of the same name on a dump, with
// the dump's own kallsyms/BTF or a vmlinux (../shared/CONTRACT.md). The first positional
// argument is the command's own (name, address, type); the rest are dump files, except
// that `struct` takes an optional address before them.
import { existsSync } from 'node:fs';
import { CrashlensError } from '../analysis/errors';
import { rdCommand } from '../analysis/program/commands/rd';
import { structCommand } from '../analysis/program/commands/struct';
import { symCommand } from '../analysis/program/commands/sym';
import { vtopCommand } from '../analysis/program/commands/vtop';
import type { Program } from '../analysis/program/program';
import type { AnalysisSession } from '../analysis/session/analysis-session';
import { UsageError, type ParsedArgs } from './args';

export interface KernelCommandIo {
  stdout: (s: string) => void;
  open: (paths: string[], args: ParsedArgs) => Promise<{ session: AnalysisSession; close: () => Promise<void> }>;
}

type Run = (prog: Program, args: ParsedArgs, own: string[]) => Promise<string[]>;

/** How many positionals before the dump files belong to the command. */
interface Spec {
  own: (positional: string[]) => number;
  run: Run;
  what: string;
}

const SPECS: Record<string, Spec> = {
  sym: { own: () => 1, what: 'a symbol name or address', run: (p, _a, o) => Promise.resolve(symCommand(p, o[0]!)) },
  vtop: { own: () => 1, what: 'a kernel virtual address', run: (p, _a, o) => vtopCommand(p, o[0]!) },
  rd: {
    own: () => 1,
    what: 'an address',
    run: (p, a, o) => {
      const count = a.flags.get('count');
      if (count !== undefined && (typeof count !== 'string' || !/^\d+$/.test(count))) {
        throw new UsageError(`--count needs a positive number`);
      }
      return rdCommand(p, o[0]!, {
        count: count === undefined ? undefined : Number(count),
        physical: a.flags.has('phys'),
        ascii: a.flags.has('ascii'),
      });
    },
  },
  struct: {
    // "struct <type> [address] <dump>…": the second word is an address unless it is a file.
    own: (pos) => (pos.length >= 3 && !existsSync(pos[1]!) ? 2 : 1),
    what: 'a type name',
    run: (p, _a, o) => structCommand(p, o[0]!, o[1]),
  },
};

export function isKernelCommand(name: string): boolean {
  return Object.hasOwn(SPECS, name);
}

export async function runKernelCommand(name: string, args: ParsedArgs, io: KernelCommandIo): Promise<number> {
  const spec = SPECS[name]!;
  const n = spec.own(args.positional);
  if (args.positional.length < n) throw new UsageError(`${name}: give ${spec.what}`);
  const own = args.positional.slice(0, n);
  const files = args.positional.slice(n);
  if (files.length === 0) throw new UsageError(`${name}: give the dump file`);
  const { session, close } = await io.open(files, args);
  try {
    const prog = session.program;
    if (!prog) {
      const why = (await session.report()).warnings.find((w) => w.code === 'NO_KERNEL_ACCESS');
      throw new CrashlensError('UNSUPPORTED', `${files[0]}: ${why?.message ?? 'kernel memory is not available'}`);
    }
    const lines = await spec.run(prog, args, own);
    io.stdout(lines.join('\n') + '\n');
    return 0;
  } finally {
    await close();
  }
}
