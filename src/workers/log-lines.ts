// The log as displayed lines: each record gives its "[    1.234567] " line and one line per
// embedded newline, indented under the text (makedumpfile --dump-dmesg's layout).
import type { ReportLogRecord } from '../analysis/report/report-types';
import { dmesgPrefix } from '../analysis/helpers/linux/printk/dmesg-format';
import type { LogLine } from './analysis-api';

export function logLinesOf(records: readonly ReportLogRecord[]): LogLine[] {
  const out: LogLine[] = [];
  records.forEach((r, record) => {
    const prefix = dmesgPrefix(BigInt(r.timestampNs));
    const pad = ' '.repeat(prefix.length);
    r.text.split('\n').forEach((text, part) => {
      out.push({ line: out.length, record, prefix: part === 0 ? prefix : pad, text, level: r.level, part });
    });
  });
  return out;
}
