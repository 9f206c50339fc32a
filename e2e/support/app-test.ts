// The shared Playwright fixture of crashlens e2e tests:
//  - a request guard: any request to a non-local address is blocked and fails the test
//    (crashlens must work offline and never send a dump or a byte of it anywhere);
//  - helpers that drive the app and wait on its `app-idle` test id, never on sleeps.
import { test as base, expect, type Page } from '@playwright/test';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-error:', 'file:']);

export function isLocalUrl(url: string): boolean {
  const u = new URL(url);
  return LOCAL_SCHEMES.has(u.protocol) || LOCAL_HOSTS.has(u.hostname);
}

export const test = base.extend<{ remoteRequests: Set<string> }>({
  remoteRequests: [
    async ({ context }, use) => {
      const remote = new Set<string>();
      // Routing blocks the request; the event listener also sees requests that bypass
      // routing (e.g. from workers), so none goes unnoticed.
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (isLocalUrl(url)) return route.fallback();
        remote.add(url);
        return route.abort('blockedbyclient');
      });
      context.on('request', (r) => {
        if (!isLocalUrl(r.url())) remote.add(r.url());
      });
      await use(remote);
      expect([...remote], 'requests to non-local addresses').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until no analysis work is pending (the app shows its `app-idle` element). */
export async function waitIdle(page: Page): Promise<void> {
  await expect(page.getByTestId('app-idle')).toBeVisible();
}

export async function gotoApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await waitIdle(page);
}

export async function openSample(page: Page): Promise<void> {
  await page.getByTestId('open-sample').click();
  await waitIdle(page);
}

export async function openFiles(page: Page, paths: string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(paths);
  await waitIdle(page);
}

/** The registers the CPUs view shows, per CPU number, as BigInt values. */
export async function shownRegisters(page: Page): Promise<Map<number, Map<string, bigint>>> {
  const cards = page.getByTestId('cpu-card');
  const out = new Map<number, Map<string, bigint>>();
  for (const card of await cards.all()) {
    const cpu = Number(await card.getAttribute('data-cpu'));
    const regs = new Map<string, bigint>();
    for (const reg of await card.getByTestId('cpu-register').all()) {
      const name = (await reg.getAttribute('data-name'))!;
      const text = (await reg.locator('dd').textContent())!.trim();
      regs.set(name, BigInt(text));
    }
    out.set(cpu, regs);
  }
  return out;
}
