// The single-HTML report viewer's template (dist/report-viewer.html, built by
// vite.report-viewer.config.ts): the whole viewer inlined, and a JSON data block for the
// report. Exporting fills the block; the viewer reads it back when the file is opened.
// A data block (type application/json) is never run, so the page's CSP, which allows only
// the viewer's own inline script by hash, holds for every report put in.

export const REPORT_BLOCK_ID = 'crashlens-report';
const OPEN = `<script type="application/json" id="${REPORT_BLOCK_ID}">`;
const CLOSE = '</script>';

/** JSON that cannot end its <script> block or start a comment: <, > and & as \u escapes. */
export function jsonForHtml(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The viewer template with `json` as its report and `title` as the page title. */
export function fillViewerTemplate(template: string, json: string, title: string): string {
  // The block is the page's last script; the inlined code before it may mention its tag.
  const start = template.lastIndexOf(OPEN);
  const end = start < 0 ? -1 : template.indexOf(CLOSE, start);
  if (end < 0) throw new Error('the report viewer template has no report block');
  const escapedTitle = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const filled = template.slice(0, start + OPEN.length) + jsonForHtml(json) + template.slice(end);
  return filled.replace(/<title>[\s\S]*?<\/title>/, () => `<title>${escapedTitle}</title>`);
}

/** The report a viewer page carries, or null (the bare template). */
export function embeddedReport(doc: Document): string | null {
  const text = doc.getElementById(REPORT_BLOCK_ID)?.textContent?.trim();
  return text ? text : null;
}
