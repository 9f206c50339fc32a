// crashlens CLI: the same analysis core as the web app, run in-process under Node.
import { availableParallelism } from 'node:os';
import { CrashlensError, errorMessage, VmlinuxMismatchError } from '../analysis/errors';
import { AnalysisSession, type SessionFile } from '../analysis/session/analysis-session';
import type { ByteSource } from '../analysis/io/byte-source';
import { openFileSource } from '../node/file-source';
import { SyncFileReader } from '../node/sync-file-reader';
import { dwarfWorkerPool } from '../node/dwarf-worker-script';
import { parseArgs, USAGE, UsageError, type ParsedArgs } from './args';
import { renderReportText } from './report-text';
import { isKernelCommand, runKernelCommand } from './kernel-commands';
import { btCommand } from './bt-command';
import { reportOptions, shareableReport, textReport } from './report-options';

export const EXIT_OK = 0;
export const EXIT_CANNOT_ANALYZE = 1;
export const EXIT_USAGE = 2;
export const EXIT_VMLINUX_MISMATCH = 3;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Opens a file given on the command line (default: a Node file source); tests overlay bytes here. */
  openFile?: (path: string) => Promise<ClosableSource>;
}

type ClosableSource = ByteSource & { close(): Promise<void> };

/**
 * Opens the dump files, and the vmlinux of --vmlinux (or one found among the files by its
 * magic bytes; --no-vmlinux ignores it), in one session.
 */
async function openSession(
  paths: string[],
  args: ParsedArgs,
  openFile: (path: string) => Promise<ClosableSource> = openFileSource,
): Promise<{ session: AnalysisSession; close: () => Promise<void> }> {
  if (paths.length === 0) throw new UsageError('no dump file given');
  const vmlinux = args.flags.get('vmlinux');
  if (vmlinux === true) throw new UsageError('--vmlinux needs a file');
  if (vmlinux !== undefined && args.flags.has('no-vmlinux')) throw new UsageError('--vmlinux and --no-vmlinux exclude each other');
  const opened: ClosableSource[] = [];
  const close = async () => {
    for (const f of opened.splice(0)) await f.close().catch(() => undefined);
  };
  try {
    const files: SessionFile[] = [];
    for (const p of vmlinux !== undefined ? [...paths, vmlinux] : paths) {
      try {
        const source = await openFile(p);
        opened.push(source);
        // Read synchronously only if this file turns out to be the vmlinux (its DWARF).
        files.push({ name: p, source, openSync: () => new SyncFileReader(p), workerFile: { path: p } });
      } catch (e) {
        throw new CrashlensError('LOOKUP', `${p}: ${errorMessage(e)}`);
      }
    }
    const session = new AnalysisSession({
      force: args.flags.has('force'),
      noVmlinux: args.flags.has('no-vmlinux'),
      types: args.flags.has('no-dwarf') ? 'btf' : 'dwarf',
      parallel: () => dwarfWorkerPool(Math.min(4, availableParallelism())),
    });
    await session.open(files);
    return {
      session,
      close: async () => {
        await session.close();
        await close();
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}

async function report(args: ParsedArgs, io: Io): Promise<number> {
  const options = reportOptions(args.flags.get('sections'), args.flags.get('redact'));
  const { session, close } = await openSession(args.positional, args, io.openFile);
  try {
    const r = await shareableReport(session, options);
    io.stdout(args.flags.has('json') ? JSON.stringify(r, null, 2) + '\n' : renderReportText(textReport(r)));
    return EXIT_OK;
  } finally {
    await close();
  }
}

const COMMANDS: Record<string, (a: ParsedArgs, io: Io) => Promise<number>> = {
  report,
  bt: (a, io) => btCommand(a, { stdout: io.stdout, open: (paths, args) => openSession(paths, args, io.openFile) }),
};

export async function main(argv: string[], io: Io): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
    if (isKernelCommand(args.command)) {
      return await runKernelCommand(args.command, args, {
        stdout: io.stdout,
        open: (paths, a) => openSession(paths, a, io.openFile),
      });
    }
    const run = COMMANDS[args.command];
    if (!run) throw new UsageError(`unknown command "${args.command}"`);
    return await run(args, io);
  } catch (e) {
    if (e instanceof VmlinuxMismatchError) {
      io.stderr(`crashlens: ${e.message}\n`);
      return EXIT_VMLINUX_MISMATCH;
    }
    if (e instanceof UsageError || (e instanceof CrashlensError && e.code === 'USAGE')) {
      if (e.message) io.stderr(`crashlens: ${e.message}\n`);
      io.stderr(USAGE + '\n');
      return EXIT_USAGE;
    }
    io.stderr(`crashlens: ${errorMessage(e)}\n`);
    return EXIT_CANNOT_ANALYZE;
  }
}
