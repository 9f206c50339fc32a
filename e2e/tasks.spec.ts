// The task table and the path from a task to its backtrace and into memory: filter,
// state chart, sort, keyboard, the selected task, then its frame's stack (or, while a
// dump has no backtraces, its task_struct) in the hex view.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, gotoApp, openSample, test, waitIdle } from './support/app-test';
import { repoRoot } from './support/oracle';
import { screenshot } from './support/paths';

interface OracleTask {
  pid: number;
  comm: string;
  state: string;
  task: string;
}
const oracleTasks = JSON.parse(readFileSync(join(repoRoot, 'tests/data/sample/oracle/drgn-tasks.json'), 'utf8')) as OracleTask[];
const crashme = oracleTasks.find((t) => t.comm === 'crashme')!;

test('tasks: filter, state chart, sort and keyboard over a virtualized table', async ({ page }) => {
  await gotoApp(page, '#/tasks');
  await openSample(page);
  const rows = page.getByTestId('task-row');
  // drgn lists every task but the per-CPU idle tasks (pid 0), which crashlens shows as crash does.
  await expect(page.getByRole('heading', { name: `Tasks (${oracleTasks.length + 2})` })).toBeVisible();
  await expect(rows.first()).toBeVisible();
  expect(await rows.count(), 'only the rows near the viewport are rendered').toBeLessThan(oracleTasks.length + 2);
  await page.locator(`[data-testid="task-row"][data-pid="1"]`).click();
  await waitIdle(page);
  await screenshot(page, 'tasks');

  await page.getByTestId('task-filter').fill('kworker');
  await waitIdle(page);
  const kworkers = oracleTasks.filter((t) => t.comm.includes('kworker')).length;
  await expect(page.getByText(`${kworkers} of ${oracleTasks.length + 2} tasks`)).toBeVisible();
  for (const comm of await rows.locator('.cell-comm').allTextContents()) expect(comm).toContain('kworker');

  await page.getByTestId('task-filter').fill('');
  await page.locator('.state-toggles button[data-state="R"]').click();
  await waitIdle(page);
  for (const st of await rows.locator('.cell-state').allTextContents()) expect(st).toBe('R');
  await page.locator('.state-toggles button[data-state="R"]').click();

  await page.getByRole('button', { name: 'COMM', exact: true }).click();
  await waitIdle(page);
  const comms = await rows.locator('.cell-comm').allTextContents();
  expect(comms).toEqual([...comms].sort());
  await page.getByRole('button', { name: 'PID', exact: true }).click();
  await waitIdle(page);

  // Keyboard: the rows take focus; arrows move the selection, which the URL follows.
  await page.locator('.task-scroller').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await waitIdle(page);
  await expect(page).toHaveURL(/#\/tasks\/\d+/);
  await expect(page.getByTestId('task-detail')).toBeVisible();
});

test('task → backtrace → memory: the crashing task, its frames, and memory at a frame (or its task_struct)', async ({ page }) => {
  await gotoApp(page, '#/tasks');
  await openSample(page);
  await page.getByTestId('task-filter').fill(String(crashme.pid));
  await waitIdle(page);
  await page.locator(`[data-testid="task-row"][data-pid="${crashme.pid}"]`).click();
  await waitIdle(page);
  await expect(page).toHaveURL(new RegExp(`#/tasks/${crashme.pid}$`));
  const detail = page.getByTestId('task-detail');
  await expect(detail).toContainText(`crashme (pid ${crashme.pid})`);
  await expect(detail).toContainText(crashme.task);

  const frames = detail.getByTestId('backtrace-frame');
  if ((await frames.count()) > 0) {
    // With backtraces: the frame links to its own URL, its sp into memory.
    await expect(detail.locator('[data-testid="backtrace-frame"][data-symbol="sysrq_handle_crash"]')).toBeVisible();
    await screenshot(page, 'backtrace');
    const frame = frames.first();
    const sp = (await frame.locator('a.address').first().textContent())!.trim();
    await frame.locator('a.address').first().click();
    await waitIdle(page);
    await expect(page).toHaveURL(new RegExp(`#/memory/${sp}$`));
    const row = BigInt(sp) - (BigInt(sp) % 16n);
    await expect(page.locator(`.hex-row-target[data-address="0x${row.toString(16)}"]`)).toBeVisible();
  } else {
    await detail.getByRole('link', { name: 'Open its task_struct in the memory view' }).click();
    await waitIdle(page);
    await expect(page).toHaveURL(new RegExp(`#/memory/${crashme.task}\\?struct=task_struct$`));
  }
  await expect(page.getByTestId('hex-view')).toBeVisible();
});
