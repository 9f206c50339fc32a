// Where e2e tests find their inputs and put their screenshots: the debug vmlinux in the
// fixture cache (as scripts/fixtures.mjs places it), and docs/screenshots for the README.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { repoRoot } from './oracle';

export const VMLINUX_NAME = 'vmlinux-6.1.0-56-cloud-amd64';

export const cacheRoot =
  process.env.CRASHLENS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'crashlens');

/** ~/.cache/crashlens/vmlinux/<package>/vmlinux-6.1.0-56-cloud-amd64, or where it would be. */
export function vmlinuxFile(): { path: string; present: boolean } {
  const dir = join(cacheRoot, 'vmlinux');
  const pkgs = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  for (const p of pkgs) {
    const path = join(dir, p.name, VMLINUX_NAME);
    if (existsSync(path)) return { path, present: true };
  }
  return { path: join(dir, '…', VMLINUX_NAME), present: false };
}

/** A shared fixture dump, as stored (kdump files are not compressed in ../shared). */
export function sharedDump(file: string): string {
  return join(repoRoot, '..', 'shared', 'fixtures', 'x86_64-debian-6.1-cloud', 'dumps', 'kdump', file);
}

export const screenshotDir = join(repoRoot, 'docs', 'screenshots');

/**
 * A screenshot of the page for the README (docs/screenshots/<name>.png), taken only when
 * CRASHLENS_SCREENSHOTS=1 (`npm run screenshots`), so that a test run leaves the committed
 * images alone.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CRASHLENS_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
