// One analysis session: the files a user gave, the dump opened from them, and the report
// built from it. The same class runs in a web worker (through comlink, see
// src/workers/analysis.worker.ts) and in-process under Node (CLI, tests).
// Only plain data leaves it: Report objects, byte arrays and error descriptions.
import type { ByteSource } from '../io/byte-source';
import { CachedSource } from '../io/cached-source';
import { CancelledError, CrashlensError, errorMessage } from '../errors';
import type { DumpImage } from '../formats/dump-image';
import { openDump } from '../formats/open-dump';
import type { Report } from '../report/report-types';
import { buildReport } from '../report/build-report';

export interface SessionFile {
  name: string;
  source: ByteSource;
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
}

export class AnalysisSession {
  private image: DumpImage | null = null;
  private signal = { aborted: false };

  constructor(private readonly opts: SessionOptions = {}) {}

  /** Opens the dump made of `files` (one file, or the parts of a split dump, in any order). */
  async open(files: SessionFile[]): Promise<Report> {
    this.signal = { aborted: false };
    const sources = files.map(
      (f) => new CachedSource(f.source, { budgetBytes: this.opts.cacheBytes ?? 64 * 1024 * 1024 }),
    );
    this.progress('reading headers', 0, 1);
    this.image = await openDump(sources, {
      onProgress: (step, done, total) => this.progress(step, done, total),
      signal: this.signal,
    });
    if (this.signal.aborted) throw new CancelledError();
    this.progress('reading headers', 1, 1);
    return this.report();
  }

  cancel(): void {
    this.signal.aborted = true;
  }

  get dump(): DumpImage {
    if (!this.image) throw new CrashlensError('LOOKUP', 'no dump is open');
    return this.image;
  }

  report(): Promise<Report> {
    return buildReport(this.dump);
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

  async close(): Promise<void> {
    await this.image?.close?.();
    this.image = null;
  }

  private progress(step: string, done: number, total: number): void {
    this.opts.onProgress?.({ step, done, total });
  }
}
