// One analysis session: the files a user gave, the dump opened from them, the Program
// that binds it to debug info, and the report built from them. The same class runs in a
// web worker (through comlink, see src/workers/analysis.worker.ts) and in-process under
// Node (CLI, tests). Only plain data leaves it: Report objects, byte arrays and error
// descriptions.
import type { ByteSource } from '../io/byte-source';
import { CachedSource, SESSION_CACHE_BYTES } from '../io/cached-source';
import {
  CancelledError,
  CrashlensError,
  errorMessage,
  VmlinuxMismatchError,
  type Warning,
} from '../errors';
import type { DumpImage } from '../formats/dump-image';
import { openDump } from '../formats/open-dump';
import { sniffFileKind } from '../formats/sniff';
import type { Report } from '../report/report-types';
import { buildReport } from '../report/build-report';
import { applyKernelState } from '../report/kernel-sections';
import { getKernelState, type KernelState } from '../helpers/linux/kernel-state';
import { getBacktraces, type Backtraces } from '../helpers/linux/stack/backtraces';
import { reportBacktraces } from '../helpers/linux/stack/report-backtraces';
import { openProgram } from '../program/open-program';
import type { Program } from '../program/program';
import type { ParallelRunner } from '../debuginfo/dwarf/parallel/runner';
import type { SyncReader } from '../debuginfo/dwarf/sync-reader';

export interface SessionFile {
  name: string;
  source: ByteSource;
  /**
   * Synchronous reads of the same file, when the host has them (Node fs.readSync,
   * FileReaderSync in a worker): needed to use a vmlinux's DWARF; asked for the vmlinux only.
   */
  openSync?: () => SyncReader;
  /** What a DWARF index worker opens to read this file itself (Node: `{ path }`, browser: the File). */
  workerFile?: unknown;
}

export interface Progress {
  step: string;
  done: number;
  total: number;
}

/** An error as it crosses the worker boundary. */
export interface SessionError {
  code: string;
  message: string;
}

export function toSessionError(e: unknown): SessionError {
  if (e instanceof CrashlensError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: errorMessage(e) };
}

export interface SessionOptions {
  onProgress?: (p: Progress) => void;
  /** Byte budget of each file's block cache. */
  cacheBytes?: number;
  /** Use a vmlinux that does not match the dump (a warning instead of VMLINUX_MISMATCH). */
  force?: boolean;
  /** Ignore a vmlinux among the files: debug info from the dump only (CLI --no-vmlinux). */
  noVmlinux?: boolean;
  /**
   * Lanes for indexing a vmlinux's DWARF (the host's workers); default: this thread. A
   * factory is called only when DWARF is indexed, and the session closes what it made.
   */
  parallel?: ParallelRunner | (() => Promise<ParallelRunner | null>);
  /** 'btf': skip the vmlinux DWARF even when it could be read (fast start, no source lines). */
  types?: 'dwarf' | 'btf';
}

/** The ELF head that tells a vmlinux (ET_EXEC/ET_DYN) from a dump (formats/sniff.ts). */
const SNIFF_BYTES = 4096;

export class AnalysisSession {
  private image: DumpImage | null = null;
  private prog: Program | null = null;
  private kstate: Promise<KernelState | null> | null = null;
  private bts: Promise<Backtraces | null> | null = null;
  /** The vmlinux's synchronous reader, while its DWARF is in use. */
  private reader: (SyncReader & { close?(): void }) | null = null;
  private programWarnings: Warning[] = [];
  private signal = { aborted: false };
  /** The cached sources over the user's files: the session owns them and closes them. */
  private sources: ByteSource[] = [];

  constructor(private readonly opts: SessionOptions = {}) {}

  /**
   * Opens the dump made of `files` (one file, or the parts of a split dump, in any order)
   * and the Program over it. A vmlinux among the files (found by its ELF type, not its
   * name) supplies the debug info; it must match the dump (VmlinuxMismatchError) unless
   * `force`. A Program that cannot be built leaves a report of the dump alone, with a
   * warning saying why.
   */
  async open(files: SessionFile[]): Promise<Report> {
    this.signal = { aborted: false };
    const sources = files.map(
      (f) => new CachedSource(f.source, { budgetBytes: this.opts.cacheBytes ?? SESSION_CACHE_BYTES }),
    );
    this.sources = sources;
    this.progress('reading headers', 0, 1);
    const dumps: ByteSource[] = [];
    const vmlinuxes: { source: ByteSource; file: SessionFile }[] = [];
    for (const [i, source] of sources.entries()) {
      if (sniffFileKind(await source.read(0, SNIFF_BYTES)) === 'vmlinux')
        vmlinuxes.push({ source, file: files[i]! });
      else dumps.push(source);
    }
    if (vmlinuxes.length > 1) {
      throw new CrashlensError(
        'USAGE',
        `several vmlinux files given (${vmlinuxes.map((v) => v.source.name).join(', ')}): give one`,
      );
    }
    if (dumps.length === 0) {
      throw new CrashlensError(
        'USAGE',
        vmlinuxes.length
          ? `only a vmlinux (${vmlinuxes[0]!.source.name}) was given: add the dump file`
          : 'no dump file given',
      );
    }
    const vmlinux = this.opts.noVmlinux ? undefined : vmlinuxes[0];
    // Index workers start now, while the dump opens and the vmlinux is checked.
    const pool = this.startPool(vmlinux?.file);
    try {
      this.image = await openDump(dumps, {
        onProgress: (step, done, total) => this.progress(step, done, total),
        signal: this.signal,
      });
      if (this.signal.aborted) throw new CancelledError();
    } catch (e) {
      await (await pool)?.close();
      throw e;
    }
    this.progress('reading headers', 1, 1);
    await this.openProgram(this.image, vmlinux, pool);
    return this.report();
  }

  /** The DWARF index pool this session makes for `file`, if it makes one. */
  private startPool(file: SessionFile | undefined): Promise<ParallelRunner | null> {
    const make = this.opts.parallel;
    if (!file?.workerFile || !file.openSync || this.opts.types === 'btf')
      return Promise.resolve(null);
    if (typeof make !== 'function') return Promise.resolve(null);
    return make().catch(() => null);
  }

  private async openProgram(
    image: DumpImage,
    vmlinux: { source: ByteSource; file: SessionFile } | undefined,
    pool: Promise<ParallelRunner | null> = Promise.resolve(null),
  ): Promise<void> {
    this.prog = null;
    this.kstate = null;
    this.bts = null;
    this.programWarnings = [];
    const reader = vmlinux && this.opts.types !== 'btf' ? vmlinux.file.openSync?.() : undefined;
    this.reader = reader ?? null;
    // Index workers read the file themselves: without a reference they can open, the
    // index is built in this thread (slower, same result).
    const workerFile = vmlinux?.file.workerFile;
    const useWorkers = reader !== undefined && workerFile !== undefined;
    // The pool startPool made for this vmlinux (this session closes it), or a given runner.
    const started = await pool;
    if (!useWorkers) await started?.close();
    const made = useWorkers && started !== null;
    const given = typeof this.opts.parallel === 'function' ? undefined : this.opts.parallel;
    const parallel = useWorkers ? (started ?? given) : undefined;
    try {
      this.prog = await openProgram(image, {
        vmlinux: vmlinux?.source,
        force: this.opts.force,
        dwarf: reader && { reader, parallel, workerFile, closeRunner: made },
        signal: this.signal,
        onProgress: (step, done, total) => this.progress(step, done, total),
      });
    } catch (e) {
      this.closeReader();
      if (e instanceof VmlinuxMismatchError || e instanceof CancelledError) throw e;
      this.programWarnings.push({
        code: 'NO_KERNEL_ACCESS',
        message: `kernel memory and debug info are not available: ${errorMessage(e)}`,
      });
    } finally {
      // The index is built: the lazy DWARF reads that follow use the synchronous reader only.
      if (made) await parallel?.close();
    }
  }

  cancel(): void {
    this.signal.aborted = true;
  }

  get dump(): DumpImage {
    if (!this.image) throw new CrashlensError('LOOKUP', 'no dump is open');
    return this.image;
  }

  /** The Program over the open dump; null when it could not be built (see the report's warnings). */
  get program(): Program | null {
    return this.prog;
  }

  async report(): Promise<Report> {
    const r = await buildReport(this.dump);
    const p = this.prog;
    if (p) r.debugInfo = { source: p.debugInfoSource, vmlinuxBuildIdMatch: p.vmlinuxBuildIdMatch };
    for (const w of [...this.programWarnings, ...(p?.warnings ?? [])]) {
      r.warnings.push({ code: w.code, message: w.message });
    }
    const ks = await this.kernelState();
    if (ks) applyKernelState(r, ks);
    const bts = await this.backtraces().catch((e: unknown) => {
      if (e instanceof CancelledError) throw e;
      r.warnings.push({ code: 'NO_BACKTRACES', message: `backtraces: ${errorMessage(e)}` });
      return null;
    });
    if (bts) {
      r.backtraces = reportBacktraces(bts.backtraces);
      for (const w of bts.warnings) r.warnings.push({ code: w.code, message: w.message });
    }
    return r;
  }

  /** Every task's backtrace (helpers/linux/stack), unwound once per dump; null without a task table. */
  backtraces(): Promise<Backtraces | null> {
    const p = this.prog;
    if (!p) return Promise.resolve(null);
    this.bts ??= this.kernelState()
      .then((ks) =>
        ks?.tasks
          ? getBacktraces(p, ks.tasks, {
              signal: this.signal,
              onProgress: (done, total) => this.progress('backtraces', done, total),
            })
          : null,
      )
      .catch((e: unknown) => {
        this.bts = null;
        throw e;
      });
    return this.bts;
  }

  /**
   * The kernel state (system summary, log, tasks with the per-CPU runqueues, iomem and
   * ioport trees, panic), read once per dump; null when there is no Program.
   */
  kernelState(): Promise<KernelState | null> {
    const p = this.prog;
    if (!p) return Promise.resolve(null);
    this.kstate ??= getKernelState(p, p.image, {
      signal: this.signal,
      onProgress: (step, done, total) => this.progress(step, done, total),
    }).catch((e: unknown) => {
      this.kstate = null; // cancelled: a later call reads it again
      throw e;
    });
    return this.kstate;
  }

  /** Reads physical memory for the hex view; a fault comes back as an error, not a throw. */
  async readPhysical(
    paddr: bigint,
    length: number,
  ): Promise<{ bytes: Uint8Array | null; error: SessionError | null }> {
    try {
      return { bytes: await this.dump.readPhys(paddr, length), error: null };
    } catch (e) {
      return { bytes: null, error: toSessionError(e) };
    }
  }

  /** Reads kernel virtual memory; a fault comes back as an error, not a throw. */
  async readVirtual(
    vaddr: bigint,
    length: number,
  ): Promise<{ bytes: Uint8Array | null; error: SessionError | null }> {
    try {
      if (!this.prog)
        throw new CrashlensError('LOOKUP', 'kernel virtual memory is not available for this dump');
      return { bytes: await this.prog.read(vaddr, length), error: null };
    } catch (e) {
      return { bytes: null, error: toSessionError(e) };
    }
  }

  async close(): Promise<void> {
    await this.image?.close?.();
    this.image = null;
    this.prog = null;
    this.kstate = null;
    this.bts = null;
    this.closeReader();
    await Promise.all(this.sources.map((s) => s.close?.() ?? Promise.resolve()));
    this.sources = [];
  }

  private closeReader(): void {
    this.reader?.close?.();
    this.reader = null;
  }

  private progress(step: string, done: number, total: number): void {
    this.opts.onProgress?.({ step, done, total });
  }
}
