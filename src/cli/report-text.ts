// The report's text layout moved to src/analysis/report/report-text.ts, where the web
// console's `sys` shares it with the CLI.
export { renderReportText, formatBytes } from '../analysis/report/report-text';
