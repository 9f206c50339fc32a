// The versioned, serializable analysis result (../shared/CONTRACT.md, schemaVersion 1).
// Addresses and registers are lowercase hex strings with 0x; nanosecond times are decimal
// strings; other integers are JSON numbers. Later issues fill the optional sections.
// A report redacted with `kaslr` (sanitize.ts) has kernel addresses as "symbol+0xoff"
// (ReportAddress), or null where an address had no symbol.
import type { ReportAddress } from './report-address';

export const SCHEMA_VERSION = 1;

export type HexString = `0x${string}`;

export interface ReportDump {
  files: string[];
  format: 'elf' | 'kdump' | 'flattened' | 'split' | 'diskdump';
  compression: 'none' | 'zlib' | 'lzo' | 'snappy' | 'zstd' | 'mixed';
  producer: 'kernel' | 'qemu' | 'unknown';
  dumpLevel: number | null;
  pageSize: number;
  excludedPages: number;
}

export interface ReportSystem {
  release: string | null;
  version: string | null;
  machine: string | null;
  nodename: string | null;
  cpus: number | null;
  memoryBytes: number | null;
  kaslrOffset: HexString | null;
  physBase: HexString | null;
  buildId: string | null;
  crashTime: string | null;
  uptimeSeconds: number | null;
  /** cpu_online_mask (QEMU dumps: only the panic CPU stays online). */
  onlineCpus?: number[];
  /** avenrun as crash and /proc/loadavg print it (1, 5, 15 minutes). */
  loadAverage?: [number, number, number];
}

export interface ReportDebugInfo {
  source: 'vmlinux' | 'dump';
  vmlinuxBuildIdMatch: boolean | null;
}

export interface ReportPanic {
  message: string | null;
  cpu: number | null;
  pid: number | null;
  comm: string | null;
  /** The whole log line crash's `sys` prints after PANIC:. */
  line?: string | null;
  /** task_struct of the panicking task. */
  task?: ReportAddress | null;
  /** The crash signature (signature.ts), stamped when the report is shared. */
  signature?: ReportSignature;
}

export interface ReportSignature {
  /** Short stable hash of `kind` and `frames`. */
  id: string;
  /** The panic message, normalized. */
  kind: string;
  /** The top meaningful frames of the panic task, normalized. */
  frames: string[];
}

export interface ReportCpu {
  cpu: number;
  pid: number;
  registers: Record<string, ReportAddress>;
  /** Scheduler state of this CPU, when the kernel state could be read. */
  online?: boolean;
  /** rq->curr: the task running on this CPU, its pid and comm. */
  currentTask?: ReportAddress;
  currentPid?: number;
  currentComm?: string;
  /** rq->idle (swapper/N). */
  idleTask?: ReportAddress;
  /** rq->nr_running. */
  nrRunning?: number;
}

export interface ReportTask {
  pid: number;
  tgid: number;
  ppid: number;
  comm: string;
  state: string;
  cpu: number;
  task: ReportAddress | null;
  onCpu: boolean;
  /** PF_KTHREAD. */
  kthread?: boolean;
}

export interface ReportFrame {
  pc: ReportAddress | null;
  sp: ReportAddress | null;
  symbol: string | null;
  offset: number | null;
  module: string | null;
  file: string | null;
  line: number | null;
  inline: boolean;
  kind: 'normal' | 'exception' | 'irq';
  /** exception/irq frames: the pt_regs their code saved (the interrupted context), user_regs_struct names. */
  registers?: Record<string, ReportAddress>;
  /**
   * How the frame was found: from a register set, through ORC, from a return address its
   * call instruction proves, or by the frame-pointer guess (not reliable).
   */
  method?: 'registers' | 'orc' | 'stack-scan' | 'frame-pointer';
  /** The stack sp is on: task, IRQ, NMI, DOUBLEFAULT, DEBUG, MCE, VC, VC2, ENTRY. */
  stack?: string;
}

export interface ReportBacktrace {
  pid: number;
  /** The task's CPU (tells the idle tasks, pid 0, apart). */
  cpu: number | null;
  frames: ReportFrame[];
  /** Why the unwind ended: the stack's end, user mode, or a problem (then a warning says which). */
  end?: 'end-of-stack' | 'user-mode' | 'error' | 'frame-limit' | 'no-start';
}

export interface ReportLogRecord {
  seq: number;
  timestampNs: string;
  level: number;
  facility: number;
  caller: string;
  text: string;
}

export interface ReportIomem {
  start: HexString;
  end: HexString;
  name: string;
  depth: number;
}

export interface ReportWarning {
  code: string;
  message: string;
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  dump: ReportDump;
  system: ReportSystem;
  debugInfo?: ReportDebugInfo;
  panic?: ReportPanic;
  cpus: ReportCpu[];
  tasks?: ReportTask[];
  backtraces?: ReportBacktrace[];
  log?: ReportLogRecord[];
  iomem?: ReportIomem[];
  warnings: ReportWarning[];
  /** What a shared report had removed (sanitize.ts); absent when nothing was. */
  redactions?: ReportRedaction[];
}

export type ReportRedaction = 'hostname' | 'kaslr' | 'comm' | 'log';

export type ReportSection = Exclude<keyof Report, 'schemaVersion' | 'redactions'>;

/** Every section, in the order a report lists them. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  'dump',
  'system',
  'debugInfo',
  'panic',
  'cpus',
  'tasks',
  'backtraces',
  'log',
  'iomem',
  'warnings',
];

/**
 * A report as it is shared or read back from a file: any sections may be left out
 * (`--sections`, the share dialog); schemaVersion is always there.
 */
export type SharedReport = Pick<Report, 'schemaVersion'> & Partial<Omit<Report, 'schemaVersion'>>;

export function hexString(v: bigint | number): HexString {
  return `0x${v.toString(16)}`;
}
