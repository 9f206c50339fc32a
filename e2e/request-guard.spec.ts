// Sealed: the app's Content-Security-Policy names no other origin, and the e2e request
// guard (support/app-test.ts) blocks and reports any request to a non-local address.
import { expect, gotoApp, openSample, test } from './support/app-test';

test('request guard: the CSP allows only this origin, and a remote request is caught', async ({ page, remoteRequests }) => {
  await gotoApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp, 'no remote origin in the CSP').not.toMatch(/https?:|\*/);
  await openSample(page);

  // Outside the app (no CSP on a blank page), the guard itself must see and stop a request.
  const blank = await page.context().newPage();
  await blank.goto('about:blank');
  const result = await blank.evaluate(() =>
    fetch('http://203.0.113.7/leak').then(
      () => 'sent',
      () => 'blocked',
    ),
  );
  expect(result).toBe('blocked');
  expect([...remoteRequests]).toEqual(['http://203.0.113.7/leak']);
  remoteRequests.clear(); // caught as intended: the guard's own check at the end must pass
});
