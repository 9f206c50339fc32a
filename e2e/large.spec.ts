// 20 000 tasks and 50 000 log lines stay smooth: the rows live in the worker, the table
// and the log render only what is on screen, and scrolling from end to end makes no long
// task. The data is a shared report (a JSON file opens like a dump, without memory).
import { expect, gotoApp, test, waitIdle } from './support/app-test';

declare global {
  interface Window {
    __longTasks?: Array<{ start: number; duration: number }>;
  }
}

const TASKS = 20_000;
const LOG = 50_000;
const STATES = ['S', 'I', 'R', 'D', 'Z'];

function bigReport(): Buffer {
  const tasks = Array.from({ length: TASKS }, (_, i) => ({
    pid: i + 1,
    tgid: i + 1,
    ppid: i === 0 ? 0 : 1,
    comm: `task-${i % 1000}`,
    state: STATES[i % STATES.length],
    cpu: i % 8,
    task: `0xffff888000${(i * 0x2c0).toString(16).padStart(6, '0')}`,
    onCpu: i < 8,
  }));
  const log = Array.from({ length: LOG }, (_, i) => ({
    seq: i,
    timestampNs: String(i * 1_000_000),
    level: i % 8,
    facility: 0,
    caller: 'T1',
    text: `message ${i}${i % 5000 === 0 ? ' needle' : ''}`,
  }));
  const report = {
    schemaVersion: 1,
    dump: { files: ['synthetic-vmcore'], format: 'kdump', compression: 'zstd', producer: 'kernel', dumpLevel: 31, pageSize: 4096, excludedPages: 0 },
    system: { release: '6.1.0-synthetic', version: null, machine: 'x86_64', nodename: null, cpus: 8, memoryBytes: 1 << 30, kaslrOffset: null, physBase: null, buildId: null, crashTime: null, uptimeSeconds: null },
    cpus: [],
    tasks,
    log,
    warnings: [],
  };
  return Buffer.from(JSON.stringify(report));
}

test(`${TASKS} tasks and ${LOG} log lines: virtualized, filtered in the worker, no long task while scrolling`, async ({ page }) => {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await gotoApp(page, '#/tasks');
  await page.getByTestId('file-input').setInputFiles({ name: 'big-report.json', mimeType: 'application/json', buffer: bigReport() });
  await waitIdle(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Tasks (20,000)' })).toBeVisible();
  const t0 = await page.evaluate(() => performance.now());

  const rows = page.getByTestId('task-row');
  expect(await rows.count()).toBeLessThan(100);
  await page.locator('.task-scroller').focus();
  await page.keyboard.press('End');
  await waitIdle(page);
  await expect(page.locator(`[data-testid="task-row"][data-pid="${TASKS}"]`)).toBeVisible();
  for (let i = 0; i < 10; i++) await page.keyboard.press('PageUp');
  await waitIdle(page);
  await page.keyboard.press('Home');
  await waitIdle(page);
  await expect(page.locator('[data-testid="task-row"][data-pid="1"]')).toBeVisible();
  expect(await rows.count()).toBeLessThan(100);

  await page.getByTestId('task-filter').fill('task-999');
  await waitIdle(page);
  await expect(page.getByText(`${TASKS / 1000} of 20,000 tasks`)).toBeVisible();

  await page.getByTestId('nav-log').click();
  await waitIdle(page);
  await expect(page.getByTestId('log-line').last()).toContainText(`message ${LOG - 1}`);
  await page.getByTestId('log-search').fill('needle');
  await waitIdle(page);
  await expect(page.getByTestId('log-count')).toHaveText(`${LOG / 5000} of ${LOG.toLocaleString('en-US')} lines`);

  const long = await page.evaluate((since) => (window.__longTasks ?? []).filter((t) => t.start >= since && t.duration > 100), t0);
  expect(long, 'long tasks (ms) while scrolling and filtering').toEqual([]);
});
