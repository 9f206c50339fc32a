// What leaves the machine: sanitize() turns a report into the one that is shared, a pure
// function of the report and the user's choices (like firefox-devtools/profiler's
// sanitizePII). Raw memory is never part of a report; this decides about the rest:
//  - sections: only the chosen ones are kept;
//  - log: records matching the user's patterns are dropped;
//  - hostname: system.nodename goes, and the name is replaced in every text;
//  - comm: the chosen process names (and, on request, every user task's) are replaced in
//    the comm fields and every text;
//  - kaslr: the KASLR offset and phys_base go, and every kernel address — an address
//    field, a register, or an address in text — becomes "symbol+0xoff", or goes when no
//    symbol names it. Physical addresses (iomem) stay.
// Text replacement walks every string but the closed vocabularies (format, state, kind…),
// so a text field added to the report later is covered without a change here.
import { frameSymbols, lookupSymbol, type SymbolMap } from './address-symbols';
import {
  chain,
  replaceEverywhere,
  replaceKaslrOffset,
  replaceKernelAddresses,
  replaceWord,
  type TextRedactor,
} from './redact-text';
import { isKernelAddress, parseHex } from './report-address';
import type { Report, ReportRedaction, ReportSection, SharedReport } from './report-types';
import { reportSignature } from './signature';
import { commMatches, COMM_MAX, userTaskComms } from './user-tasks';

export interface SanitizeOptions {
  /** Sections to keep; all when absent. */
  sections?: readonly ReportSection[];
  /** Drop log records whose text matches one of these. */
  logPatterns?: readonly RegExp[];
  hostname?: boolean;
  /** Process names to replace everywhere. */
  comms?: readonly string[];
  /** Also replace the name of every user task (not kernel threads). */
  userComms?: boolean;
  kaslr?: boolean;
  /** Names of kernel addresses (address-symbols.ts); the report's frame symbols are added. */
  symbols?: SymbolMap;
}

export const REDACTED = {
  hostname: '[hostname]',
  kaslrOffset: '[kaslr-offset]',
  kernelAddress: '[kernel-address]',
  comm: (n: number) => `[comm-${n}]`,
} as const;

/** Keys whose strings are a closed vocabulary or a number, never free text. */
const NOT_TEXT = new Set([
  'format',
  'compression',
  'producer',
  'source',
  'kind',
  'state',
  'code',
  'method',
  'end',
  'timestampNs',
  'caller',
  'buildId',
  'crashTime',
  'redactions',
]);

/** A whole hex number: an address or register value, never text. */
const HEX = /^0x[0-9a-f]+$/i;

/** Address fields that a report keeps as null when their address is dropped (the rest go). */
const NULLABLE_ADDRESS = new Set(['pc', 'sp', 'task']);

export function sanitize(
  report: Report | SharedReport,
  options: SanitizeOptions = {},
): SharedReport {
  const out = JSON.parse(JSON.stringify(report)) as SharedReport;
  const redactions = new Set<ReportRedaction>(report.redactions ?? []);

  if (options.logPatterns?.length && out.log) {
    const before = out.log.length;
    const patterns = options.logPatterns.map(
      (p) => new RegExp(p.source, p.flags.replace(/[gy]/g, '')),
    );
    out.log = out.log.filter((r) => !patterns.some((p) => p.test(r.text)));
    if (out.log.length < before) redactions.add('log');
  }

  const text: TextRedactor[] = [];
  const nodename = out.system?.nodename;
  if (options.hostname) {
    redactions.add('hostname');
    if (out.system) out.system.nodename = null;
    if (nodename) text.push(replaceEverywhere(nodename, REDACTED.hostname, true));
  }

  const comms = commsToHide(report, options);
  if (comms.length) {
    redactions.add('comm');
    text.push(...commRedactors(comms, options.comms ?? []));
    renameCommFields(out, comms);
  }

  let addressField: ((value: string) => string | null) | null = null;
  if (options.kaslr) {
    redactions.add('kaslr');
    const offset = out.system?.kaslrOffset ? parseHex(out.system.kaslrOffset) : null;
    if (out.system) {
      out.system.kaslrOffset = null;
      out.system.physBase = null;
    }
    const symbols: SymbolMap = { ...frameSymbols(report), ...options.symbols };
    // A name is text too: what it holds of the offset or of addresses goes.
    const plain = chain([
      replaceKaslrOffset(offset, REDACTED.kaslrOffset),
      replaceKernelAddresses(() => REDACTED.kernelAddress),
    ]);
    const name = (a: bigint) => {
      const s = lookupSymbol(symbols, a);
      return s === null ? null : plain(s);
    };
    // First, so that the names put in are redacted like any text (a symbol may hold a comm).
    text.unshift(
      replaceKaslrOffset(offset, REDACTED.kaslrOffset),
      replaceKernelAddresses((a) => name(a) ?? REDACTED.kernelAddress),
    );
    addressField = (value) => {
      const v = parseHex(value);
      return v === null || !isKernelAddress(v) ? value : name(v);
    };
  }

  const redactText = chain(text);
  rewriteStrings(out, redactText, addressField);
  // The signature of the report as it was (so that its id is the one the dump shows), kept
  // even when the backtraces go; its words are redacted like any text.
  const signature = reportSignature(report);
  if (out.panic && signature) {
    out.panic.signature = {
      id: signature.id,
      kind: redactText(signature.kind),
      frames: signature.frames.map(redactText),
    };
  }
  if (options.sections) keepSections(out, options.sections);
  if (redactions.size) out.redactions = [...redactions].sort();
  return out;
}

function commsToHide(report: Report | SharedReport, options: SanitizeOptions): string[] {
  const names = [...(options.comms ?? []), ...(options.userComms ? userTaskComms(report) : [])];
  // A mark of an earlier redaction is no name: sanitizing twice changes nothing more.
  return [...new Set(names)].filter((n) => n !== '' && !/^\[comm-\d+\]$/.test(n));
}

/** Chosen names go wherever they appear; gathered ones (every user task) as whole words. */
function commRedactors(comms: string[], chosen: readonly string[]): TextRedactor[] {
  const out: TextRedactor[] = [];
  // Longest first, so that "worker-2" is not half-replaced as "worker".
  const order = comms
    .map((name, i) => ({ name, mark: REDACTED.comm(i + 1) }))
    .sort((a, b) => b.name.length - a.name.length);
  for (const { name, mark } of order) {
    const everywhere = chosen.includes(name);
    const replace = everywhere ? replaceEverywhere : replaceWord;
    out.push(replace(name, mark));
    if (name.length > COMM_MAX) out.push(replace(name.slice(0, COMM_MAX), mark));
  }
  return out;
}

function renameCommFields(r: SharedReport, comms: string[]): void {
  const mark = (comm: string) => {
    const i = comms.findIndex((n) => commMatches(comm, n));
    return i < 0 ? comm : REDACTED.comm(i + 1);
  };
  for (const t of r.tasks ?? []) t.comm = mark(t.comm);
  if (r.panic?.comm) r.panic.comm = mark(r.panic.comm);
  for (const c of r.cpus ?? []) if (c.currentComm) c.currentComm = mark(c.currentComm);
}

/**
 * Applies `text` to every free-text string and `address` to every string that is a whole
 * address: its result replaces the value; null drops it (null for pc/sp/task, else the
 * key goes).
 */
function rewriteStrings(
  value: unknown,
  text: TextRedactor,
  address: ((v: string) => string | null) | null,
): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (typeof v === 'string') value[i] = HEX.test(v) ? v : text(v);
      else rewriteStrings(v, text, address);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string') {
      rewriteStrings(v, text, address);
      continue;
    }
    if (NOT_TEXT.has(k)) continue;
    if (HEX.test(v)) {
      const a = address ? address(v) : v;
      if (a !== null) obj[k] = a === v ? v : text(a);
      else if (NULLABLE_ADDRESS.has(k)) obj[k] = null;
      else delete obj[k];
      continue;
    }
    obj[k] = text(v);
  }
}

function keepSections(r: SharedReport, sections: readonly ReportSection[]): void {
  const keep = new Set<string>(['schemaVersion', 'redactions', ...sections]);
  for (const k of Object.keys(r)) if (!keep.has(k)) delete (r as Record<string, unknown>)[k];
}
