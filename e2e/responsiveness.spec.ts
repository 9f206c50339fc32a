// The main thread stays responsive while a dump is analyzed: a PerformanceObserver for
// 'longtask' sees no task over 100 ms from the click on the file to the first views.
import { existsSync } from 'node:fs';
import { expect, gotoApp, openFiles, test, waitIdle } from './support/app-test';
import { dumpCases } from './support/oracle';

declare global {
  interface Window {
    __longTasks?: Array<{ start: number; duration: number }>;
  }
}

const [sample, shared] = dumpCases();
const dc = shared && existsSync(shared.dump) ? shared : sample!;

test(`no long task over 100 ms while ${dc.name} is analyzed and its views open`, async ({ page }) => {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await gotoApp(page);
  const t0 = await page.evaluate(() => performance.now());
  await openFiles(page, [dc.dump]);
  await expect(page.getByTestId('error')).toHaveCount(0);
  for (const view of ['tasks', 'log', 'iomem', 'cpus', 'overview']) {
    await page.getByTestId(`nav-${view}`).click();
    await waitIdle(page);
  }
  const long = await page.evaluate((since) => (window.__longTasks ?? []).filter((t) => t.start >= since && t.duration > 100), t0);
  expect(long, 'long tasks (ms) on the main thread during the analysis').toEqual([]);
});
