// The share dialog's choices as the user edits them (text fields as typed), and the
// request they make. Defaults keep the host name and the KASLR offset out.
import type { ReportSection } from '../../analysis/report/report-types';
import type { ShareFacts, ShareRequest } from '../../workers/analysis-api';

export interface ShareChoices {
  hostname: boolean;
  kaslr: boolean;
  userComms: boolean;
  /** Names to hide, separated by commas or spaces. */
  comms: string;
  /** One pattern per line. */
  logPatterns: string;
  sections: ReportSection[];
}

export function defaultChoices(facts: ShareFacts): ShareChoices {
  return {
    hostname: true,
    kaslr: true,
    userComms: false,
    comms: '',
    logPatterns: '',
    sections: facts.sections,
  };
}

export function toRequest(c: ShareChoices): ShareRequest {
  return {
    hostname: c.hostname,
    kaslr: c.kaslr,
    userComms: c.userComms,
    comms: c.comms.split(/[\s,]+/).filter(Boolean),
    logPatterns: c.logPatterns
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    sections: c.sections,
  };
}

/** What each section holds, for the dialog's section list. */
export const SECTION_LABELS: Record<ReportSection, string> = {
  dump: 'Dump file facts (format, size, file names)',
  system: 'System facts (release, CPUs, memory, crash time)',
  debugInfo: 'Debug info used',
  panic: 'Panic message, task and crash signature',
  cpus: 'CPU registers and running tasks',
  tasks: 'Task list (pids, names, states)',
  backtraces: 'Backtraces of every task',
  log: 'Kernel log',
  iomem: 'Physical memory map (iomem)',
  warnings: 'Analysis warnings',
};

/** Sections the report cannot go without: what it is of. */
export const REQUIRED_SECTIONS: readonly ReportSection[] = ['dump'];
