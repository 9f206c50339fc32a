// `crashlens report --sections … --redact …`: the report as it leaves the machine, made by
// the same sanitize() as the web app's share dialog. Kernel addresses are named with the
// open dump's symbols (the Program), so `kaslr` keeps every address that has a symbol.
import { symbolMapOf } from '../analysis/report/address-symbols';
import { parseRedactSpec } from '../analysis/report/redact-spec';
import { viewableReport } from '../analysis/report/read-report';
import {
  REPORT_SECTIONS,
  type Report,
  type ReportSection,
  type SharedReport,
} from '../analysis/report/report-types';
import { sanitize, type SanitizeOptions } from '../analysis/report/sanitize';
import type { AnalysisSession } from '../analysis/session/analysis-session';
import { UsageError } from './args';

function parseSections(list: string): ReportSection[] {
  const wanted = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const w of wanted) {
    if (!REPORT_SECTIONS.includes(w as ReportSection))
      throw new UsageError(`unknown section "${w}" (known: ${REPORT_SECTIONS.join(', ')})`);
  }
  return wanted as ReportSection[];
}

/** The sanitize options of the command line; usage errors before any file is opened. */
export function reportOptions(
  sections: string | true | undefined,
  redact: string | true | undefined,
): SanitizeOptions {
  if (sections === true) throw new UsageError('--sections needs a list');
  if (redact === true) throw new UsageError('--redact needs a list');
  return {
    ...(redact !== undefined ? parseRedactSpec(redact) : {}),
    ...(sections !== undefined ? { sections: parseSections(sections) } : {}),
  };
}

/** The session's report, sanitized as asked (with no option: as is, its signature stamped). */
export async function shareableReport(
  session: AnalysisSession,
  options: SanitizeOptions,
): Promise<SharedReport> {
  const report = await session.report();
  const program = session.program;
  const symbols =
    options.kaslr && program ? symbolMapOf(report, (a) => program.symbolize(a)) : undefined;
  return sanitize(report, { ...options, symbols });
}

/** The report for the text layout, which needs the dump section (the rest may be left out). */
export function textReport(r: SharedReport): Report {
  if (!r.dump)
    throw new UsageError(
      'the text layout needs the dump section: add it to --sections, or use --json',
    );
  return viewableReport(r, 'report');
}
