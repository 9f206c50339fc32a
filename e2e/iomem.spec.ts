// I/O memory: the tree equals the live /proc/iomem of the crashed machine, and the map
// shows its ranges in proportion, with details on hover.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, gotoApp, openSample, test, waitIdle } from './support/app-test';
import { repoRoot } from './support/oracle';
import { screenshot } from './support/paths';

const truth = readFileSync(join(repoRoot, 'tests/data/sample/truth/iomem.txt'), 'utf8').trimEnd().split('\n');

test('iomem: the tree matches /proc/iomem; the map shows System RAM, PCI and the Crash kernel with hover details', async ({ page }) => {
  await gotoApp(page, '#/iomem');
  await openSample(page);
  const entries = page.getByTestId('iomem-entry');
  await expect(entries).toHaveCount(truth.length);
  const shown = (await entries.allTextContents()).map((t) => t.replace(/\s*\([^)]*\)\s*$/, '').trim());
  expect(shown).toEqual(truth.map((l) => l.trim()));
  await expect(page.locator('[data-testid="iomem-entry"][data-name="Crash kernel"]')).toHaveCount(1);

  const map = page.getByTestId('iomem-map');
  for (const name of ['System RAM', 'PCI Bus 0000:00', 'Crash kernel', 'Reserved']) {
    await expect(map.locator(`rect[data-name="${name}"]`).first()).toBeVisible();
  }
  const crash = map.locator('rect[data-name="Crash kernel"]');
  await crash.hover();
  await expect(page.getByTestId('iomem-hover')).toHaveText(/Crash kernel\s+2e000000-3dffffff\s+256 MiB/);
  await crash.click();
  await waitIdle(page);
  await expect(page.locator('.iomem-picked')).toHaveAttribute('data-name', 'Crash kernel');
  await screenshot(page, 'iomem');
});
