// crashlens CLI: the same analysis core as the web app, run in-process under Node.
import { CrashlensError, errorMessage } from '../analysis/errors';
import { AnalysisSession, type SessionFile } from '../analysis/session/analysis-session';
import type { Report, ReportSection } from '../analysis/report/report-types';
import { openFileSource } from '../node/file-source';
import { parseArgs, USAGE, UsageError, type ParsedArgs } from './args';
import { renderReportText } from './report-text';

export const EXIT_OK = 0;
export const EXIT_CANNOT_ANALYZE = 1;
export const EXIT_USAGE = 2;
export const EXIT_VMLINUX_MISMATCH = 3;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const SECTIONS: ReportSection[] = ['dump', 'system', 'debugInfo', 'panic', 'cpus', 'tasks', 'backtraces', 'log', 'iomem', 'warnings'];

async function openSession(paths: string[]): Promise<AnalysisSession> {
  if (paths.length === 0) throw new UsageError('no dump file given');
  const files: SessionFile[] = [];
  for (const p of paths) {
    try {
      files.push({ name: p, source: await openFileSource(p) });
    } catch (e) {
      throw new CrashlensError('LOOKUP', `${p}: ${errorMessage(e)}`);
    }
  }
  const session = new AnalysisSession();
  await session.open(files);
  return session;
}

function selectSections(report: Report, list: string | undefined): Report {
  if (!list) return report;
  const wanted = new Set(list.split(',').map((s) => s.trim()).filter(Boolean));
  for (const w of wanted) {
    if (!SECTIONS.includes(w as ReportSection)) throw new UsageError(`unknown section "${w}" (known: ${SECTIONS.join(', ')})`);
  }
  const out: Record<string, unknown> = { schemaVersion: report.schemaVersion };
  for (const [k, v] of Object.entries(report)) {
    if (k !== 'schemaVersion' && wanted.has(k)) out[k] = v;
  }
  return out as unknown as Report;
}

async function report(args: ParsedArgs, io: Io): Promise<number> {
  if (args.flags.has('redact')) throw new UsageError('--redact is not available yet in this version');
  const session = await openSession(args.positional);
  try {
    const r = selectSections(await session.report(), args.flags.get('sections') as string | undefined);
    io.stdout(args.flags.has('json') ? JSON.stringify(r, null, 2) + '\n' : renderReportText(r));
    return EXIT_OK;
  } finally {
    await session.close();
  }
}

const COMMANDS: Record<string, (a: ParsedArgs, io: Io) => Promise<number>> = { report };

export async function main(argv: string[], io: Io): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
    const run = COMMANDS[args.command];
    if (!run) throw new UsageError(`unknown command "${args.command}"`);
    return await run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) io.stderr(`crashlens: ${e.message}\n`);
      io.stderr(USAGE + '\n');
      return EXIT_USAGE;
    }
    io.stderr(`crashlens: ${errorMessage(e)}\n`);
    return EXIT_CANNOT_ANALYZE;
  }
}
