// `crashlens bt [pid|-a|--all] [-l] [--json] <dumpfile>...`: crash's bt (the panic task,
// a pid, -a the task on each CPU, --all every task as `foreach bt`), printed by the same
// formatter as the web console (helpers/linux/stack/format-bt.ts).
import { existsSync } from 'node:fs';
import { CrashlensError } from '../analysis/errors';
import { activeBacktraces, backtracesText, panicBacktrace } from '../analysis/helpers/linux/stack/format-bt';
import type { Report, ReportBacktrace } from '../analysis/report/report-types';
import type { AnalysisSession } from '../analysis/session/analysis-session';
import { UsageError, type ParsedArgs } from './args';

export interface BtIo {
  stdout: (s: string) => void;
  open: (paths: string[], args: ParsedArgs) => Promise<{ session: AnalysisSession; close: () => Promise<void> }>;
}

type Which = { kind: 'panic' } | { kind: 'active' } | { kind: 'all' } | { kind: 'pid'; pid: number };

/** Splits the positionals into what to show and the dump files ("-a", "-l", a pid that is not a file). */
export function parseBtArgs(args: ParsedArgs): { which: Which; lines: boolean; files: string[] } {
  const pos = [...args.positional];
  let which: Which = args.flags.has('all') ? { kind: 'all' } : { kind: 'panic' };
  let lines = args.flags.has('lines');
  const files: string[] = [];
  for (const p of pos) {
    if (p === '-a') which = { kind: 'active' };
    else if (p === '-l') lines = true;
    else if (/^\d+$/.test(p) && !existsSync(p) && which.kind === 'panic' && files.length === 0) which = { kind: 'pid', pid: Number(p) };
    else if (p.startsWith('-')) throw new UsageError(`bt: unknown option ${p}`);
    else files.push(p);
  }
  return { which, lines, files };
}

export function selectBacktraces(r: Report, which: Which): ReportBacktrace[] {
  const traces = r.backtraces;
  if (!traces) {
    const why = r.warnings.find((w) => w.code === 'NO_BACKTRACES' || w.code === 'NO_TASKS' || w.code === 'NO_KERNEL_ACCESS');
    throw new CrashlensError('LOOKUP', `no backtraces for this dump${why ? `: ${why.message}` : ''}`);
  }
  switch (which.kind) {
    case 'all':
      return traces;
    case 'active':
      return activeBacktraces(r);
    case 'pid': {
      const found = traces.filter((b) => b.pid === which.pid);
      if (!found.length) throw new CrashlensError('LOOKUP', `bt: no task with pid ${which.pid}`);
      return found;
    }
    case 'panic': {
      const bt = panicBacktrace(r);
      if (!bt) throw new CrashlensError('LOOKUP', 'bt: the panic task is not known; give a pid or -a');
      return [bt];
    }
  }
}

export async function btCommand(args: ParsedArgs, io: BtIo): Promise<number> {
  const { which, lines, files } = parseBtArgs(args);
  const { session, close } = await io.open(files, args);
  try {
    const r = await session.report();
    const bts = selectBacktraces(r, which);
    io.stdout(args.flags.has('json') ? JSON.stringify(bts, null, 2) + '\n' : backtracesText(r, bts, { lines }).join('\n') + '\n');
    return 0;
  } finally {
    await close();
  }
}
