// The kernel log: every line (as drgn renders the ring buffer), virtualized; search
// marks and counts matches; the level filter; the search survives in the URL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, gotoApp, openSample, test, waitIdle } from './support/app-test';
import { repoRoot } from './support/oracle';
import { screenshot } from './support/paths';

const oracle = readFileSync(join(repoRoot, 'tests/data/sample/oracle/drgn-dmesg.txt'), 'utf8').trimEnd().split('\n');

test('log search: matching lines, marked, counted, in the URL; level filter', async ({ page }) => {
  await gotoApp(page, '#/log');
  await openSample(page);
  await expect(page.getByRole('heading', { name: `Kernel log (${oracle.length} lines)` })).toBeVisible();
  // The log opens at its end, where the panic is.
  await expect(page.getByTestId('log-line').last()).toContainText(oracle[oracle.length - 1]!.replace(/^\[[^\]]*\]\s*/, '').trim());

  await page.getByTestId('log-search').fill('sysrq');
  await waitIdle(page);
  const matching = oracle.filter((l) => l.replace(/^\[[^\]]*\] /, '').toLowerCase().includes('sysrq'));
  await expect(page.getByTestId('log-count')).toHaveText(`${matching.length} of ${oracle.length} lines`);
  const lines = page.getByTestId('log-line');
  await expect(lines).toHaveCount(matching.length);
  for (const text of await lines.allTextContents()) expect(text.toLowerCase()).toContain('sysrq');
  await expect(lines.first().locator('mark')).toHaveText(/sysrq/i);
  await expect(page).toHaveURL(/#\/log\?q=sysrq$/);
  await screenshot(page, 'log');

  await page.getByTestId('log-search').fill('');
  await page.getByRole('button', { name: '0 emerg' }).click();
  await waitIdle(page);
  await expect(lines.first()).toBeVisible();
  for (const level of await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-level')))) expect(level).toBe('0');
  await expect(page).toHaveURL(/levels=0/);
});
