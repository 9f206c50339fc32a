// A dump with its vmlinux (any order, recognized by contents), and a vmlinux that does
// not match the dump.
import { existsSync, readFileSync } from 'node:fs';
import { SHT_NOTE, SHT_PROGBITS } from '../src/analysis/debuginfo/elf/elf-header';
import { buildIdNote, writeElf } from '../src/analysis/debuginfo/test-support/elf-writer';
import { expect, gotoApp, test, waitIdle } from './support/app-test';
import { dumpCases } from './support/oracle';
import { sharedDump, vmlinuxFile } from './support/paths';

const vmlinux = vmlinuxFile();
const dump = sharedDump('vmcore.kdump-zlib');
const title = vmlinux.present
  ? `dump and its vmlinux (${vmlinux.path}), vmlinux first: debug info from the vmlinux, build-id matches`
  : `dump and its vmlinux: skipped, the vmlinux is absent (${vmlinux.path}; npm run fixtures -- --vmlinux fetches it)`;

test(title, async ({ page }) => {
  test.skip(!vmlinux.present, `the vmlinux is absent: ${vmlinux.path}`);
  test.skip(!existsSync(dump), `${dump} is absent`);
  test.setTimeout(600_000);
  await gotoApp(page);
  await page.getByTestId('file-input').setInputFiles([vmlinux.path, dump]);
  await expect(page.getByTestId('app-idle')).toBeVisible({ timeout: 540_000 });
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('system-release')).toHaveText('6.1.0-56-cloud-amd64');
  const facts = page.locator('.fact');
  await expect(facts.filter({ hasText: 'Debug info' }).locator('dd')).toHaveText('vmlinux');
  await expect(facts.filter({ hasText: 'vmlinux matches' }).locator('dd')).toHaveText('yes');
  // Source lines come with the vmlinux's DWARF: in the backtrace, and in the console's sym.
  await page.goto('/#/tasks/305');
  await waitIdle(page);
  await expect(page.locator('[data-testid="backtrace-frame"][data-symbol="sysrq_handle_crash"] .frame-source')).toHaveText(
    /drivers\/tty\/sysrq\.c:\d+/,
  );
  await page.getByTestId('nav-console').click();
  await page.getByTestId('console-input').click();
  await page.keyboard.type('sym sysrq_handle_crash');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await waitIdle(page);
  await expect(page.getByTestId('console-output')).toContainText(/sysrq_handle_crash \S*drivers\/tty\/sysrq\.c: \d+/);
});

test('a vmlinux of another build: a clear VMLINUX_MISMATCH error naming it', async ({ page }) => {
  const sample = dumpCases()[0]!.dump;
  // A tiny ELF executable with a build-id no kernel has: recognized as a vmlinux by its
  // ELF type, refused at the first check (build-id) before anything is indexed.
  const fake = writeElf({
    type: 2,
    sections: [
      { name: '.text', type: SHT_PROGBITS, addr: 0xffffffff81000000n, flags: 6n, data: new Uint8Array(16) },
      { name: '.notes', type: SHT_NOTE, data: buildIdNote(new Uint8Array(20).fill(0xab)) },
    ],
  });
  await gotoApp(page);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'vmlinux-other', mimeType: 'application/octet-stream', buffer: Buffer.from(fake) },
    { name: 'vmcore', mimeType: 'application/octet-stream', buffer: readFileSync(sample) },
  ]);
  await waitIdle(page);
  const error = page.getByTestId('error');
  await expect(error).toContainText('vmlinux-other does not match the dump');
  await expect(error).toContainText('abababab');
  await expect(error).toContainText(/built for another kernel/);
  await expect(page.getByTestId('drop-zone')).toBeVisible();
});

test(`cancel while the vmlinux DWARF is indexed: back to the start screen, no error${vmlinux.present ? '' : ' (skipped: the vmlinux is absent)'}`, async ({ page }) => {
  test.skip(!vmlinux.present, `the vmlinux is absent: ${vmlinux.path}`);
  test.skip(!existsSync(dump), `${dump} is absent`);
  await gotoApp(page);
  await page.getByTestId('file-input').setInputFiles([dump, vmlinux.path]);
  const step = page.locator('.progress-step');
  await expect(step).toContainText('DWARF');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await waitIdle(page);
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await expect(page.getByTestId('error')).toHaveCount(0);
});
