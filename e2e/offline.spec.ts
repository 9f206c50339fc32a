// Offline after the first load: the service worker keeps the app shell (and the public
// sample once opened), so a reload with the network off still opens the sample.
import { expect, gotoApp, openSample, test, waitIdle } from './support/app-test';

test.use({ serviceWorkers: 'allow' });

test('offline: load, go offline, reload, open the sample', async ({ page, context }) => {
  await gotoApp(page);
  // The first load installs the worker; it takes control of the page once active.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await openSample(page); // the sample is cached when first opened
  await expect(page.getByTestId('system-release')).toHaveText('6.1.0-56-cloud-amd64');

  await context.setOffline(true);
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('open-sample')).toBeVisible();
  await openSample(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('system-release')).toHaveText('6.1.0-56-cloud-amd64');
  // The lazily loaded console (monaco and its worker) comes from the cache too.
  await page.getByTestId('nav-console').click();
  await expect(page.getByTestId('console-input')).toBeVisible();
  await context.setOffline(false);
});
