// The versioned, serializable analysis result (../shared/CONTRACT.md, schemaVersion 1).
// Addresses and registers are lowercase hex strings with 0x; nanosecond times are decimal
// strings; other integers are JSON numbers. Later issues fill the optional sections.

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
  task?: HexString | null;
}

export interface ReportCpu {
  cpu: number;
  pid: number;
  registers: Record<string, HexString>;
  /** Scheduler state of this CPU, when the kernel state could be read. */
  online?: boolean;
  /** rq->curr: the task running on this CPU, its pid and comm. */
  currentTask?: HexString;
  currentPid?: number;
  currentComm?: string;
  /** rq->idle (swapper/N). */
  idleTask?: HexString;
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
  task: HexString;
  onCpu: boolean;
  /** PF_KTHREAD. */
  kthread?: boolean;
}

export interface ReportFrame {
  pc: HexString;
  sp: HexString;
  symbol: string | null;
  offset: number | null;
  module: string | null;
  file: string | null;
  line: number | null;
  inline: boolean;
  kind: 'normal' | 'exception' | 'irq';
}

export interface ReportBacktrace {
  pid: number;
  cpu: number | null;
  frames: ReportFrame[];
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
}

export type ReportSection = Exclude<keyof Report, 'schemaVersion'>;

export function hexString(v: bigint | number): HexString {
  return `0x${v.toString(16)}`;
}
