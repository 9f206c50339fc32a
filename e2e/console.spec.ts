// The console: a command completed from the debug info, run in the worker, its output,
// and the history.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, gotoApp, openSample, test, waitIdle } from './support/app-test';
import { repoRoot } from './support/oracle';
import { screenshot } from './support/paths';

const kallsyms = readFileSync(join(repoRoot, 'tests/data/sample/truth/kallsyms.txt'), 'utf8');
const sysrqAddress = /^([0-9a-f]+) t sysrq_handle_crash$/m.exec(kallsyms)![1]!;

test('console: completion of commands, symbols and members; sys and sym run in the worker; history', async ({ page }) => {
  await gotoApp(page, '#/console');
  await openSample(page);
  const input = page.getByTestId('console-input');
  const output = page.getByTestId('console-output');
  const suggest = page.locator('.suggest-widget.visible');
  await input.click();

  await page.keyboard.type('sy');
  await page.keyboard.press('Control+Space');
  await expect(suggest).toContainText('sys');
  await expect(suggest).toContainText('sym');
  await page.keyboard.press('Enter'); // accepts "sys", the first suggestion
  await expect(input).toContainText('sys');
  await page.keyboard.press('Enter');
  await waitIdle(page);
  await expect(output).toContainText('RELEASE: 6.1.0-56-cloud-amd64');
  await expect(output).toContainText('PANIC: "sysrq triggered crash"');

  await page.keyboard.type('sym sysrq_handle_cr');
  await page.keyboard.press('Tab');
  await expect(suggest).toContainText('sysrq_handle_crash');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await waitIdle(page);
  await expect(output).toContainText(`${sysrqAddress} (t) sysrq_handle_crash`);

  await page.keyboard.type('struct task_struct.co');
  await page.keyboard.press('Control+Space');
  await expect(suggest).toContainText('comm');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');

  // History: Up recalls the last command.
  await page.keyboard.press('ArrowUp');
  await expect(input).toContainText('sym sysrq_handle_crash');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('ps 305');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await waitIdle(page);
  await expect(output).toContainText('crashme');
  await screenshot(page, 'console');
});
