// Whether this page is the single-HTML report viewer, and its pristine template (taken
// before the app renders into it), which exports of the viewer fill with a new report.
let template: string | null = null;

/** Called once by the viewer's entry, before rendering. */
export function enterViewerMode(doc: Document): void {
  template = `<!doctype html>\n${doc.documentElement.outerHTML}`;
}

/** The viewer's own template; null in the app. */
export function viewerTemplateOfThisPage(): string | null {
  return template;
}
