// What the share dialog and the worker say to each other (analysis-api.ts: shareFacts,
// sharePreview). Plain data only.
import type {
  ReportRedaction,
  ReportSection,
  ReportSignature,
} from '../analysis/report/report-types';

/** The user's choices in the share dialog. */
export interface ShareRequest {
  hostname: boolean;
  kaslr: boolean;
  /** Hide the name of every user task (not kernel threads). */
  userComms: boolean;
  /** More names to hide, wherever they appear. */
  comms: string[];
  /** Drop log records matching these ("regex" or "/regex/flags"). */
  logPatterns: string[];
  /** Sections to include. */
  sections: ReportSection[];
}

/** What the open report holds that the dialog offers to remove. */
export interface ShareFacts {
  hostname: string | null;
  kaslrOffset: string | null;
  /** Names of user tasks, in task order. */
  userComms: string[];
  /** Sections present in the report. */
  sections: ReportSection[];
  logRecords: number;
  /** Where kaslr redaction gets symbol names: the dump's symbols, or only the report's frames. */
  symbolSource: 'program' | 'report';
}

/** Exactly what would be shared, and in which forms it can be. */
export interface SharePreview {
  /** The shared report, serialized: the .crashlens.json file's content. */
  json: string;
  /** The permalink fragment ("#report=…"), or null when the report is too large for one. */
  permalink: string | null;
  /** Length the fragment has (or would have). */
  permalinkChars: number;
  permalinkLimit: number;
  signature: ReportSignature | null;
  redactions: ReportRedaction[];
  /** Log records the patterns dropped. */
  droppedLogRecords: number;
}

/** Set in OpenedDump when the data comes from a shared report, not from a dump. */
export interface SharedReportInfo {
  name: string;
  redactions: ReportRedaction[];
}
