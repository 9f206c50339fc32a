#!/usr/bin/env node
// Runs the CLI bundle built by `npm run build` (scripts/build-cli.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/crashlens.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('crashlens: the CLI is not built yet; run `npm run build` first\n');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
