// The contract between the UI and the analysis worker. Only plain, structured-clone-safe
// data crosses it: report sections (hex strings), byte arrays and {code, message} errors.
// Heavy collections (tasks, backtraces, log) stay in the worker: the UI asks for the rows
// it shows, a page at a time.
import type {
  HexString,
  Report,
  ReportBacktrace,
  ReportLogRecord,
  ReportTask,
} from '../analysis/report/report-types';
import type { Progress, SessionError } from '../analysis/session/analysis-session';
import type { CommandOutput, Completion, CompletionItem } from '../analysis/console/console-types';
import type { FaultReason } from '../analysis/errors';
import type { SharedReportInfo, ShareFacts, SharePreview, ShareRequest } from './share-types';

export type { Progress, SessionError, CommandOutput, Completion, CompletionItem };
export type { SharedReportInfo, ShareFacts, SharePreview, ShareRequest };

/** Every call that can fail returns this instead of throwing, so no error is lost in transit. */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: SessionError };

export type ProgressCallback = (p: Progress) => void;

/** The report without its large sections: what every view may read at once. */
export type ReportHead = Omit<Report, 'tasks' | 'backtraces' | 'log'>;

export interface StateCount {
  state: string;
  count: number;
}

/** What the UI holds of an open dump: the report head, sizes, and a few small digests. */
export interface OpenedDump {
  report: ReportHead;
  /** Row counts of the sections kept in the worker; null when the section is absent. */
  counts: { tasks: number | null; backtraces: number | null; logLines: number | null };
  /** Task counts by state letter, most frequent first (null without tasks). */
  taskStates: StateCount[] | null;
  /** The last lines of the log, for the overview. */
  logTail: LogLine[];
  /** The backtrace of the panicking task (or CPU), when backtraces exist. */
  panicBacktrace: ReportBacktrace | null;
  /** What the worker can do beyond the report for this dump. */
  capabilities: Capabilities;
  /** Set when the data comes from a shared report, without the dump (no memory to read). */
  sharedReport?: SharedReportInfo;
}

export interface Capabilities {
  /** Kernel virtual addresses can be read (page tables known). */
  virtualMemory: boolean;
  /** Addresses can be symbolized and symbols looked up. */
  symbols: boolean;
  /** Struct layouts are known (DWARF or BTF). */
  types: boolean;
}

// ---- paged rows ------------------------------------------------------------------------

export interface RowWindow {
  offset: number;
  limit: number;
}

export interface RowPage<T> {
  /** Rows matching the query (not only this page). */
  total: number;
  offset: number;
  rows: T[];
}

export type TaskSortKey = 'pid' | 'ppid' | 'tgid' | 'cpu' | 'state' | 'comm' | 'task';

export interface TaskQuery {
  /** Matches comm (substring, any case) or pid (prefix of the decimal pid). */
  text: string;
  /** State letters to keep; empty keeps every state. */
  states: string[];
  sort: TaskSortKey;
  descending: boolean;
}

/** One task row; `key` is its index in the report's task list (pid 0 repeats per CPU). */
export interface TaskRow extends ReportTask {
  key: number;
}

export interface TaskDetail {
  task: TaskRow;
  backtrace: ReportBacktrace | null;
}

export interface LogQuery {
  /** Case-insensitive substring; empty matches every line. */
  text: string;
  /** Log levels (0 emerg … 7 debug) to keep; empty keeps every level. */
  levels: number[];
}

/** One displayed line of the log: a record, or a continuation line of a multi-line record. */
export interface LogLine {
  /** Position among all lines of the log. */
  line: number;
  record: number;
  /** "[    1.234567] " on the first line of a record, spaces on its continuation lines. */
  prefix: string;
  text: string;
  level: number;
  /** 0 for the record's first line. */
  part: number;
}

export type { ReportLogRecord };

// ---- memory ----------------------------------------------------------------------------

export type MemorySpace = 'virtual' | 'physical';

/** One page of a memory read: its bytes, or why it cannot be read. */
export interface MemoryPage {
  address: HexString;
  length: number;
  bytes: Uint8Array | null;
  fault: FaultReason | 'error' | null;
  message: string | null;
}

export interface StructMember {
  /** Dotted path from the struct (anonymous members flattened in). */
  name: string;
  offset: number;
  size: number;
  typeName: string;
  /** Bitfield position within the member's bytes, else null. */
  bitOffset: number | null;
  bitSize: number | null;
  /** Pointer members can be followed. */
  pointer: boolean;
}

export interface StructLayoutInfo {
  name: string;
  size: number;
  members: StructMember[];
}

export interface ResolvedAddress {
  address: HexString;
  /** "sysrq_handle_crash+0x16" when the address came from (or has) a symbol. */
  label: string | null;
}

export interface AnalysisWorkerApi {
  /**
   * Opens the dump made of `files`, in any order: one dump, all parts of a split dump, and
   * optionally its vmlinux. Each file is identified by its magic bytes.
   */
  open(files: File[], onProgress: ProgressCallback): Promise<WorkerResult<OpenedDump>>;
  /**
   * Downloads a same-origin URL (the built-in sample) inside the worker, then opens it.
   * Other origins are refused: crashlens never sends or fetches data elsewhere.
   */
  openUrl(url: string, name: string, onProgress: ProgressCallback): Promise<WorkerResult<OpenedDump>>;
  /** Asks the running open to stop at its next check; it then resolves with code CANCELLED. */
  cancel(): void;
  close(): Promise<void>;

  queryTasks(query: TaskQuery, window: RowWindow): Promise<WorkerResult<RowPage<TaskRow>>>;
  /** Row index of a task in the order of `query`, or -1 when the query hides it. */
  taskPosition(query: TaskQuery, key: number): Promise<WorkerResult<number>>;
  /** A task by pid (and CPU, for the per-CPU idle tasks of pid 0), with its backtrace. */
  taskDetail(pid: number, cpu: number | null): Promise<WorkerResult<TaskDetail | null>>;
  queryLog(query: LogQuery, window: RowWindow): Promise<WorkerResult<RowPage<LogLine>>>;

  readMemory(space: MemorySpace, address: HexString, length: number): Promise<WorkerResult<MemoryPage[]>>;
  /** "symbol+0xoff" for each address that falls in a symbol, else null. */
  symbolize(addresses: HexString[]): Promise<WorkerResult<Array<string | null>>>;
  /** An address from "0xffff…", "ffff…", "symbol" or "symbol+0x10". */
  resolveAddress(expression: string): Promise<WorkerResult<ResolvedAddress>>;
  structLayout(typeName: string): Promise<WorkerResult<StructLayoutInfo>>;

  /** Runs one console command (crash's vocabulary) against the open dump. */
  runCommand(line: string): Promise<CommandOutput>;
  /** Completions for the word before `column` in `line`. */
  complete(line: string, column: number): Promise<Completion>;

  /** The whole report as a JSON file, for the share-report button. */
  exportReport(): Promise<WorkerResult<Blob>>;
  /** What the open report holds that the share dialog offers to remove (share-types.ts). */
  shareFacts(): Promise<WorkerResult<ShareFacts>>;
  /** Exactly what would be shared with these choices: the JSON, and a permalink if small enough. */
  sharePreview(request: ShareRequest): Promise<WorkerResult<SharePreview>>;
}
