// Vite config for the web app: React, ES-module workers, es2022, local-only servers.
// The built index.html gets a Content-Security-Policy that allows only this origin, so a
// stray remote request (CDN, font, analytics) fails loudly instead of leaking data.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './scripts/vite-service-worker';

const CSP = [
  "default-src 'self'",
  // 'wasm-unsafe-eval': compiling the inlined zstd decoder (codecs/zstd.ts); no remote code.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Adds the CSP meta tag to the production build only (dev mode needs inline preamble scripts). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'crashlens-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), serviceWorker()],
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
