// Typed errors of the analysis library. Every error carries a stable `code` so that
// workers can send it across a structured-clone boundary and the UI can explain it.

export type ErrorCode =
  | 'BAD_DATA'
  | 'FAULT'
  | 'MISSING_DEBUG_INFO'
  | 'LOOKUP'
  | 'UNSUPPORTED'
  | 'CANCELLED'
  | 'VMLINUX_MISMATCH'
  | 'USAGE'
  /** A shared report (JSON) that cannot be read: damaged, not a report, or a newer version. */
  | 'REPORT';

export class CrashlensError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bytes at `offset` of `source` are not what the format requires. */
export class BadDataError extends CrashlensError {
  constructor(
    readonly source: string,
    readonly offset: number,
    readonly expected: string,
    readonly found?: string,
  ) {
    super(
      'BAD_DATA',
      `${source}, offset ${formatOffset(offset)}: expected ${expected}${found !== undefined ? `, found ${found}` : ''}`,
    );
  }
}

export type FaultReason =
  | 'not-present' // page-table entry not present, or no dump segment covers the address
  | 'excluded' // page filtered out by makedumpfile (dump level)
  | 'beyond-dump' // address above the highest page the dump describes
  | 'hole' // a memory hole: no RAM existed there
  | 'incomplete' // page descriptor never written (incomplete dump)
  | 'unreadable'; // the stored page is corrupt (e.g. bad compressed data)

/** An address that cannot be read. `space` says which address space it belongs to. */
export class FaultError extends CrashlensError {
  constructor(
    readonly address: bigint,
    readonly reason: FaultReason,
    readonly space: 'physical' | 'virtual',
    /** What the container says about it (file, offset, cause), kept when a virtual fault wraps it. */
    readonly detail?: string,
  ) {
    super(
      'FAULT',
      `cannot read ${space} address 0x${address.toString(16)}: ${reason}${detail ? ` (${detail})` : ''}`,
    );
  }
}

export class MissingDebugInfoError extends CrashlensError {
  constructor(what: string) {
    super('MISSING_DEBUG_INFO', `missing debug info: ${what}`);
  }
}

export class LookupError extends CrashlensError {
  constructor(what: string) {
    super('LOOKUP', what);
  }
}

export class UnsupportedError extends CrashlensError {
  constructor(what: string) {
    super('UNSUPPORTED', what);
  }
}

export class CancelledError extends CrashlensError {
  constructor() {
    super('CANCELLED', 'cancelled');
  }
}

/** A command given arguments it cannot use (the CLI exits 2, the console shows its usage). */
export class CommandUsageError extends CrashlensError {
  constructor(what: string) {
    super('USAGE', what);
  }
}

/** What a dump and a vmlinux were compared on (program/vmlinux-match.ts). */
export type VmlinuxCheck = 'build-id' | 'osrelease' | 'linux_banner';

/** The vmlinux is not the kernel that wrote the dump: its debug info would give wrong answers. */
export class VmlinuxMismatchError extends CrashlensError {
  constructor(
    readonly vmlinux: string,
    readonly check: VmlinuxCheck,
    readonly dumpValue: string,
    readonly vmlinuxValue: string,
  ) {
    super(
      'VMLINUX_MISMATCH',
      `${vmlinux} does not match the dump: ${check} of the dump is ${JSON.stringify(dumpValue)}, of the vmlinux ${JSON.stringify(vmlinuxValue)} (--force uses it anyway)`,
    );
  }
}

export function formatOffset(offset: number | bigint): string {
  return `0x${offset.toString(16)}`;
}

/** A problem that did not stop the analysis. Codes are stable strings for the report. */
export interface Warning {
  code: string;
  message: string;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
