// Build of the single-HTML report viewer, dist/report-viewer.html (after the app's build,
// into the same dist/): the app's views over a report embedded in the page, JS and CSS
// inlined, no worker (the report is answered in the page), no console editor. The share
// dialog fills this template with a report (src/ui/report-file/viewer-template.ts).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { singleFile, swap } from './scripts/vite-single-file';

const ui = resolve(import.meta.dirname, 'src', 'ui');

export default defineConfig({
  root: resolve(ui, 'report-file'),
  base: './',
  publicDir: false,
  plugins: [
    swap({
      [resolve(ui, 'worker', 'analysis-client.ts')]: resolve(
        ui,
        'report-file',
        'in-page-client.ts',
      ),
      [resolve(ui, 'views', 'console', 'ConsoleView.tsx')]: resolve(
        ui,
        'report-file',
        'ConsoleUnavailable.tsx',
      ),
    }),
    react(),
    singleFile(),
  ],
  build: {
    target: 'es2022',
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: false,
    modulePreload: false,
    cssCodeSplit: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    rolldownOptions: {
      input: resolve(ui, 'report-file', 'report-viewer.html'),
      output: { codeSplitting: false },
    },
  },
});
