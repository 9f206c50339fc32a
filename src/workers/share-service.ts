// The share dialog's questions, answered in the worker where the whole report is: what it
// holds that can be removed, and exactly what would be shared. The symbol names of kernel
// addresses are computed once per open report (Program symbols, else the report's frames).
import { symbolMapOf, type SymbolMap } from '../analysis/report/address-symbols';
import { encodePermalink, MAX_PERMALINK_CHARS } from '../analysis/report/permalink';
import { parseLogPattern } from '../analysis/report/redact-spec';
import { REPORT_SECTIONS, type Report, type SharedReport } from '../analysis/report/report-types';
import { sanitize } from '../analysis/report/sanitize';
import type { Symbolizer } from '../analysis/report/address-symbols';
import { userTaskComms } from '../analysis/report/user-tasks';
import type { ShareFacts, SharePreview, ShareRequest } from './share-types';

export class ShareService {
  private symbols: SymbolMap | undefined;

  constructor(
    private readonly report: Report | SharedReport,
    private readonly symbolize: Symbolizer | null,
  ) {}

  facts(): ShareFacts {
    const r = this.report;
    return {
      hostname: r.system?.nodename ?? null,
      kaslrOffset: r.system?.kaslrOffset ?? null,
      userComms: userTaskComms(r),
      sections: REPORT_SECTIONS.filter((s) => r[s] !== undefined),
      logRecords: r.log?.length ?? 0,
      symbolSource: this.symbolize ? 'program' : 'report',
    };
  }

  preview(req: ShareRequest): SharePreview {
    if (req.kaslr && this.symbolize && !this.symbols)
      this.symbols = symbolMapOf(this.report, this.symbolize);
    const shared = sanitize(this.report, {
      hostname: req.hostname,
      kaslr: req.kaslr,
      symbols: req.kaslr ? this.symbols : undefined,
      userComms: req.userComms,
      comms: req.comms.map((c) => c.trim()).filter(Boolean),
      logPatterns: req.logPatterns
        .map((p) => p.trim())
        .filter(Boolean)
        .map(parseLogPattern),
      sections: req.sections,
    });
    const json = JSON.stringify(shared, null, 2) + '\n';
    // The link carries the compact form: the same report, without the indentation.
    const link = encodePermalink(JSON.stringify(shared));
    return {
      json,
      permalink: link.length <= MAX_PERMALINK_CHARS ? link : null,
      permalinkChars: link.length,
      permalinkLimit: MAX_PERMALINK_CHARS,
      signature: shared.panic?.signature ?? null,
      redactions: shared.redactions ?? [],
      droppedLogRecords: req.sections.includes('log')
        ? (this.report.log?.length ?? 0) - (shared.log?.length ?? 0)
        : 0,
    };
  }
}
