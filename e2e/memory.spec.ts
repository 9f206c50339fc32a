// The memory view: go to a symbol, lay a struct over the bytes, follow a pointer, and
// see physical pages the dump left out marked as such.
import { expect, gotoApp, openSample, test, waitIdle } from './support/app-test';
import { screenshot } from './support/paths';

test('memory: a symbol, a struct laid over it, a followed pointer, and an excluded page', async ({ page }) => {
  await gotoApp(page, '#/memory');
  await openSample(page);
  await page.getByTestId('memory-address').fill('init_task');
  await page.getByTestId('memory-address').press('Enter');
  await waitIdle(page);
  await expect(page).toHaveURL(/#\/memory\/0xffffffff[0-9a-f]{8}$/);
  const hex = page.getByTestId('hex-view');
  await expect(hex.locator('.hex-row-target .hex-bytes')).toBeVisible();

  await page.getByTestId('memory-struct').fill('task_struct');
  await page.getByTestId('memory-struct').press('Enter');
  await waitIdle(page);
  const panel = page.getByTestId('struct-panel');
  await expect(panel.locator('tr[data-member="comm"]')).toContainText('"swapper/0"');
  await expect(panel.locator('tr[data-member="pid"] td').last()).toHaveText(/^0 /);
  await expect(hex.locator('.hex-member').first()).toContainText('+0x0 thread_info.flags');
  await screenshot(page, 'memory');

  // Follow the first pointer that names a symbol, or any pointer.
  const pointer = hex.locator('a.hex-pointer').first();
  const target = (await pointer.getAttribute('href'))!;
  await pointer.click();
  await waitIdle(page);
  await expect(page).toHaveURL(new RegExp(`${target.replace(/[?]/g, '\\?')}$`));

  // Free RAM is left out of a dump taken at dump level 31: physical memory shows why.
  await page.goto('/#/memory/0x20000000?space=physical');
  await waitIdle(page);
  await expect(hex).toHaveAttribute('data-space', 'physical');
  await expect(hex.locator('.hex-row-target')).toContainText(/excluded page|not mapped|memory hole|[0-9a-f]{2} [0-9a-f]{2}/);
});
