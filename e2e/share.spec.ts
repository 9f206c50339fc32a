// Sharing a report: export from a loaded dump through the share dialog, then open the
// export in a fresh browser context — the .crashlens.json file dropped on the start
// screen, the permalink, and the single HTML file offline from file:// — and check that
// the views show the report, the memory view explains why it is empty, and none of the
// secrets the dialog removed is anywhere in what was shared.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { expect, gotoApp, openFiles, openSample, test, waitIdle } from './support/app-test';

const KASLR_OFFSET = '0x2b000000';
const HIDDEN = 'crashme';
const KERNEL_HEX = /(?<![0-9a-z])(0x)?ffff[89a-f][0-9a-f]{11}(?![0-9a-z])/i;

/** Opens the sample, then the share dialog with `crashme` hidden; returns the preview JSON and the signature shown. */
async function shareSample(page: Page): Promise<{ json: string; signature: string }> {
  await gotoApp(page);
  await openSample(page);
  const signature = (await page.getByTestId('crash-signature').getAttribute('data-signature'))!;
  expect(signature).toMatch(/^[0-9a-f]{12}$/);
  await page.getByTestId('share-report').click();
  await waitIdle(page);
  await expect(page.getByTestId('share-hostname')).toBeChecked();
  await expect(page.getByTestId('share-kaslr')).toBeChecked();
  await page.getByTestId('share-comms').fill(HIDDEN);
  await waitIdle(page);
  await expect(page.getByTestId('share-summary')).toContainText('process names');
  const json = (await page.getByTestId('share-preview').textContent())!;
  return { json, signature };
}

function expectNoSecrets(text: string): void {
  expect(text).not.toContain(KASLR_OFFSET);
  expect(text).not.toContain(HIDDEN);
  expect(text).not.toContain('(none)'); // the fixtures' host name
  expect(text).not.toMatch(KERNEL_HEX);
}

async function download(page: Page, testId: string, path: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  await file.saveAs(path);
  return readFileSync(path, 'utf8');
}

/** The views of a report opened without its dump. */
async function checkReportViews(page: Page, signature: string): Promise<void> {
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('shared-report-notice')).toBeVisible();
  await expect(page.getByTestId('panic-message')).toHaveText('sysrq triggered crash');
  await expect(page.getByTestId('system-release')).toHaveText('6.1.0-56-cloud-amd64');
  await expect(page.getByTestId('crash-signature')).toHaveAttribute('data-signature', signature);

  await page.getByTestId('nav-tasks').click();
  await waitIdle(page);
  await expect(page.getByTestId('task-row').first()).toBeVisible();
  await page.getByTestId('task-filter').fill('comm-1');
  await waitIdle(page);
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await expect(page.getByTestId('task-row')).toHaveAttribute('data-pid', '305');

  await page.getByTestId('nav-log').click();
  await waitIdle(page);
  await expect(page.getByTestId('log-line').first()).toBeVisible();

  await page.getByTestId('nav-iomem').click();
  await waitIdle(page);
  await expect(
    page.locator('[data-testid="iomem-entry"][data-name="System RAM"]').first(),
  ).toBeVisible();

  await expect(page.getByTestId('nav-memory')).toHaveAttribute('aria-disabled', 'true');
  // Marked disabled, the link still leads to the view's explanation.
  await page.getByTestId('nav-memory').click({ force: true });
  await waitIdle(page);
  await expect(page.getByTestId('memory-unavailable')).toBeVisible();
  await expect(page.getByTestId('hex-view')).toHaveCount(0);
}

async function freshPage(browser: Browser, offline = false): Promise<Page> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  if (offline) await context.setOffline(true);
  return context.newPage();
}

test('report → .crashlens.json file → app: the views, without the secrets', async ({
  page,
  browser,
}, info) => {
  const { json, signature } = await shareSample(page);
  expectNoSecrets(json);
  const path = info.outputPath('sample.crashlens.json');
  expect(await download(page, 'share-download-json', path)).toBe(json);

  const fresh = await freshPage(browser);
  await gotoApp(fresh);
  await openFiles(fresh, [path]);
  await checkReportViews(fresh, signature);
  await fresh.context().close();
});

test('report → permalink → app', async ({ page, browser }) => {
  const { signature } = await shareSample(page);
  // What goes into the link follows the dialog: no backtraces (they make a link long), no banner line.
  const backtraces = page.getByTestId('share-section-backtraces');
  if (await backtraces.count()) await backtraces.uncheck();
  await page.getByTestId('share-log-patterns').fill('^Linux version');
  await waitIdle(page);
  const link = await page.getByTestId('share-permalink').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#report=[A-Za-z0-9_-]+$/);
  const carried = inflateRawSync(Buffer.from(link.split('#report=')[1]!, 'base64url')).toString(
    'utf8',
  );
  expectNoSecrets(carried);
  const report = JSON.parse(carried) as { backtraces?: unknown; log: Array<{ text: string }> };
  expect(report.backtraces).toBeUndefined();
  expect(report.log.some((l) => l.text.startsWith('Linux version'))).toBe(false);

  const fresh = await freshPage(browser);
  await fresh.goto(link);
  await waitIdle(fresh);
  await expect(fresh).toHaveURL(/#\/overview$/);
  await checkReportViews(fresh, signature);
  await fresh.context().close();
});

test('report → single HTML file, opened offline from file://', async ({ page, browser }, info) => {
  const { json, signature } = await shareSample(page);
  const path = info.outputPath('sample.crashlens.html');
  const html = await download(page, 'share-download-html', path);
  expectNoSecrets(html);
  expect(html).toContain('Content-Security-Policy');

  const fresh = await freshPage(browser, true);
  const errors: string[] = [];
  fresh.on('pageerror', (e) => errors.push(e.message));
  fresh.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await fresh.goto(pathToFileURL(path).href);
  await waitIdle(fresh);
  await checkReportViews(fresh, signature);
  // The viewer shares again: its own page is the template.
  await fresh.getByTestId('share-report').click();
  await waitIdle(fresh);
  await expect(fresh.getByTestId('share-permalink-unavailable')).toBeVisible();
  const again = await download(
    fresh,
    'share-download-json',
    info.outputPath('again.crashlens.json'),
  );
  expect(JSON.parse(again).panic.signature.id).toBe(JSON.parse(json).panic.signature.id);
  expect(errors).toEqual([]);
  await fresh.context().close();
});

test('a report from a newer crashlens, or a damaged link, is refused with a clear message', async ({
  page,
}, info) => {
  await page.goto('/#report=AAAA');
  await waitIdle(page);
  await expect(page.getByTestId('error')).toContainText('the report link is damaged');

  const path = info.outputPath('future.crashlens.json');
  writeFileSync(path, JSON.stringify({ schemaVersion: 99, dump: {} }));
  await openFiles(page, [path]);
  await expect(page.getByTestId('error')).toContainText('made by a newer crashlens');
});
