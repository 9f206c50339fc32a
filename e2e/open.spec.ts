// Opening dumps in the built app: the sample, real fixture files, a bad file, and deep
// links that survive a reload. Expected values come from the fixtures' oracles.
import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, gotoApp, openFiles, openSample, shownRegisters, test, waitIdle } from './support/app-test';
import { canonicalRegister, dumpCases, readOracle } from './support/oracle';
import { screenshot } from './support/paths';

const sampleCase = dumpCases()[0]!;

/** Registers every x86_64 CPU view must show and match exactly. */
const CORE_REGISTERS = ['rip', 'rsp', 'rbp', 'rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r15'];

async function expectRegistersMatch(page: Page, oracleDir: string): Promise<void> {
  const oracle = readOracle(oracleDir);
  await expect(page.getByTestId('cpu-card')).toHaveCount(oracle.cpus.length);
  const shown = await shownRegisters(page);
  for (const want of oracle.cpus) {
    const regs = shown.get(want.cpu);
    expect(regs, `CPU ${want.cpu} is shown`).toBeDefined();
    const got = new Map([...regs!].map(([n, v]) => [canonicalRegister(n), v]));
    const compared = [...want.registers.keys()].filter((n) => got.has(n));
    const core = want.registers.size > 1 ? CORE_REGISTERS : ['rip'];
    expect(compared, `CPU ${want.cpu}: core registers shown`).toEqual(expect.arrayContaining(core));
    for (const name of compared) {
      expect(`${name}=0x${got.get(name)!.toString(16)}`, `CPU ${want.cpu} ${name}`).toBe(
        `${name}=0x${want.registers.get(name)!.toString(16)}`,
      );
    }
  }
}

test('open sample: overview shows release, panic and log tail; CPUs view shows both CPUs and their tasks', async ({ page }) => {
  await gotoApp(page);
  await openSample(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('system-release')).toHaveText('6.1.0-56-cloud-amd64');
  await expect(page.getByTestId('panic-message')).toHaveText('sysrq triggered crash');
  await expect(page.getByTestId('log-line').last()).toBeVisible();
  await expect(page.getByTestId('nav-overview')).toHaveAttribute('aria-current', 'page');
  await screenshot(page, 'overview');

  // Keyboard: the nav is made of real links.
  await page.getByTestId('nav-cpus').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/cpus$/);
  await waitIdle(page);
  await expect(page.getByTestId('cpu-card')).toHaveCount(2);
  for (const card of await page.getByTestId('cpu-card').all()) {
    await expect(card.locator('[data-testid="cpu-register"][data-name="rip"] dd')).toHaveText(/^0x[0-9a-f]{16}$/);
  }
  await expectRegistersMatch(page, sampleCase.oracleDir);
  await expect(page.locator('[data-cpu="1"] [data-testid="cpu-task"]')).toHaveText('pid 305 (crashme)');
  await screenshot(page, 'cpus');
});

for (const dc of dumpCases()) {
  test(`file input: ${dc.name} shows the oracle's release and CPU registers`, async ({ page }) => {
    test.skip(!existsSync(dc.dump) || !existsSync(dc.oracleDir), `${dc.dump} is not present`);
    const oracle = readOracle(dc.oracleDir);
    await gotoApp(page, '#/overview');
    await openFiles(page, [dc.dump]);
    await expect(page.getByTestId('error')).toHaveCount(0);
    await expect(page.getByTestId('system-release')).toHaveText(oracle.release);
    await page.getByTestId('nav-cpus').click();
    await expectRegistersMatch(page, dc.oracleDir);
  });
}

test('a file that is neither a dump nor a vmlinux shows an error naming the file', async ({ page }) => {
  await gotoApp(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('These are my notes about the crash, not a vmcore.\n'),
  });
  await waitIdle(page);
  const error = page.getByTestId('error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('notes.txt');
  await expect(error).toContainText(/offset|0x/);
  await expect(error).toContainText(/neither a crash dump nor a vmlinux/);
  // The start screen stays usable: the user can pick another file right away.
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await openSample(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('system-release')).toHaveText('6.1.0-56-cloud-amd64');
});

test('deep links: a reload on a task, an address or a view asks for the dump again, then returns there', async ({ page }) => {
  await gotoApp(page);
  await openSample(page);
  await page.goto('/#/tasks/305');
  await waitIdle(page);
  await expect(page.getByTestId('task-detail')).toContainText('crashme (pid 305)');

  await page.reload();
  await waitIdle(page);
  // Files cannot survive a reload: the start screen shows, the URL keeps the place.
  await expect(page).toHaveURL(/#\/tasks\/305$/);
  await expect(page.getByTestId('pending-view')).toContainText('Tasks');
  await openSample(page);
  await expect(page.getByTestId('task-detail')).toContainText('crashme (pid 305)');
  await expect(page.locator('[data-testid="task-row"][data-pid="305"]')).toHaveAttribute('aria-selected', 'true');

  // A link straight to memory works the same way in a fresh tab.
  const fresh = await page.context().newPage();
  await gotoApp(fresh, '#/memory/0xffff8c3842360000?struct=task_struct');
  await expect(fresh.getByTestId('pending-view')).toContainText('Memory');
  await openSample(fresh);
  await expect(fresh.getByTestId('hex-view')).toBeVisible();
  await expect(fresh.locator('[data-testid="struct-panel"] tr[data-member="comm"]')).toContainText('"crashme"');
});
