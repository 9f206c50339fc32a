// The forms a shared report leaves in: a .crashlens.json file, a permalink, a single HTML
// file that opens offline anywhere. All are made here in the page from the previewed
// JSON; nothing is uploaded.
import { fillViewerTemplate } from '../report-file/viewer-template';
import { viewerTemplateOfThisPage } from '../report-file/viewer-mode';

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "crashlens-6.1.0-56-cloud-amd64-3f2a…" for the files of a report. */
export function reportFileStem(
  release: string | null | undefined,
  signatureId: string | null | undefined,
): string {
  return ['crashlens', release, signatureId]
    .filter(Boolean)
    .join('-')
    .replace(/[^\w.-]+/g, '_');
}

/** The link that opens `fragment` in this app; null in the single-HTML viewer (a file has no address to share). */
export function permalinkUrl(fragment: string): string | null {
  if (viewerTemplateOfThisPage() !== null || !/^https?:$/.test(location.protocol)) return null;
  return `${location.origin}${location.pathname}${location.search}${fragment}`;
}

/** The viewer template: this page's own, in the viewer; else the app's built one (same origin). */
async function viewerTemplate(): Promise<string> {
  const own = viewerTemplateOfThisPage();
  if (own !== null) return own;
  const res = await fetch(new URL('report-viewer.html', document.baseURI), {
    credentials: 'same-origin',
  });
  if (!res.ok)
    throw new Error(
      `the report viewer template is missing (report-viewer.html: HTTP ${res.status}); it comes with "npm run build"`,
    );
  return res.text();
}

/** The single HTML file of a report: the viewer with the report inside. */
export async function reportHtml(json: string, title: string): Promise<Blob> {
  const html = fillViewerTemplate(await viewerTemplate(), json, title);
  return new Blob([html], { type: 'text/html' });
}
