#!/usr/bin/env node
// `npm run fuzz -- --minutes N [--harness name]`: bundles the fuzz runner and runs it;
// failing inputs are saved under fuzz/regressions/<harness>/ (see fuzz/README.md).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { buildFuzz, fuzzEnv, repo } from './fuzz-build.mjs';

const out = await buildFuzz(resolve(repo, 'node_modules/.cache/crashlens-fuzz/fuzz.mjs'));
const r = spawnSync(process.execPath, ['--enable-source-maps', out, ...process.argv.slice(2)], { stdio: 'inherit', env: fuzzEnv(), cwd: repo });
process.exit(r.status ?? 1);
