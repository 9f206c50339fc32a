// Vite plugins of the single-HTML report viewer build (vite.report-viewer.config.ts):
//  - swap: replaces modules by others (the worker client by an in-page one);
//  - singleFile: inlines the built JS and CSS into the HTML page and gives it a CSP that
//    allows only that inline script (by hash), inline styles and data:/blob: images, so
//    the file opens offline anywhere and can reach no network.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** Replaces each module `from` (absolute path) by `to`, however it is imported. */
export function swap(replacements: Record<string, string>): Plugin {
  return {
    name: 'crashlens-swap-modules',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const to = resolved && replacements[resolve(resolved.id)];
      return to ?? null;
    },
  };
}

const csp = (scriptHash: string) =>
  [
    "default-src 'none'",
    `script-src '${scriptHash}'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

/** `</script` inside inlined code would end the element early; `<\/script` means the same in JS. */
const inlineSafe = (code: string) => code.replace(/<\/(script)/gi, '<\\/$1');

export function singleFile(): Plugin {
  return {
    name: 'crashlens-single-file',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = Object.values(bundle).find(
        (f) => f.type === 'asset' && f.fileName.endsWith('.html'),
      );
      if (!page || page.type !== 'asset')
        throw new Error('single-file: the build made no HTML page');
      let html = String(page.source);
      let scriptHash = '';
      for (const file of Object.values(bundle)) {
        if (file === page) continue;
        const ref = new RegExp(
          `<script[^>]*src="[^"]*${file.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*></script>|<link[^>]*href="[^"]*${file.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`,
        );
        const m = ref.exec(html);
        if (!m) continue;
        if (file.type === 'chunk') {
          const code = inlineSafe(file.code);
          scriptHash = `sha256-${createHash('sha256').update(code).digest('base64')}`;
          html = html.replace(m[0], () => `<script type="module">${code}</script>`);
        } else {
          html = html.replace(m[0], () => `<style>${String(file.source)}</style>`);
        }
        delete bundle[file.fileName];
      }
      if (!scriptHash) throw new Error('single-file: no script was inlined');
      const left = Object.keys(bundle).filter((f) => f !== page.fileName);
      if (left.length)
        throw new Error(`single-file: files left outside the page: ${left.join(', ')}`);
      html = html.replace(
        '<head>',
        () =>
          `<head>\n    <meta http-equiv="Content-Security-Policy" content="${csp(scriptHash)}" />`,
      );
      page.source = html;
    },
  };
}
