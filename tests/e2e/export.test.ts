// Exporting from the app: choose photos in the grid, a format and a destination; the export runs
// in the background with a progress bar and says where the result is.
import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWithCli } from '../helpers/batch-archive';
import { CAMERAS, PROJECT_ROOT, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let browser: Browser;
let host: RunningHost;
let page: Page;
const outDir = tempDir('exports-');

beforeAll(async () => {
  host = await startHostProcess(importWithCli(copyFixtures(listJpegs(CAMERAS).slice(0, 4))));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(host.url);
  await page.locator('.tile').first().waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function exportCsv(out: string): Promise<void> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByLabel(/CSV spreadsheet/).check();
  await dialog.getByLabel('Save as').fill(out);
  await dialog.getByRole('button', { name: /^Export 2 photos$/ }).click();
}

describe('export from the app', () => {
  it('exports the selected photos as CSV and says where the file is', async () => {
    const tiles = page.locator('.tile');
    await tiles.nth(0).click();
    await tiles.nth(2).click({ modifiers: ['Control'] });
    const out = path.join(outDir, 'two photos.csv');
    await exportCsv(out);
    const bar = page.getByRole('status', { name: 'Export progress' });
    await bar.getByText(`Exported 2 photos to ${out}.`).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'test-results', 'e2e', 'export-done.png') });
    const text = fs.readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true); // byte-order mark for spreadsheets, on by default
    const rows = parse(text, { bom: true, columns: true, record_delimiter: '\r\n' }) as Array<{ row: string; file_name: string }>;
    const photoRows = rows.filter((r) => r.row === 'photo');
    expect(photoRows).toHaveLength(2);
    expect(new Set(photoRows.map((r) => r.file_name)).size).toBe(2);
  });

  it('never overwrites: exporting to an existing name fails and leaves the file as it was', async () => {
    const out = path.join(outDir, 'two photos.csv');
    const before = fs.readFileSync(out);
    await page.getByRole('button', { name: 'Dismiss' }).last().click();
    await exportCsv(out);
    // Refused before anything starts: the dialog stays open and says why.
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('alert').getByText(/already exists; exports never replace anything\. Choose a new name\./).waitFor();
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    expect(fs.readdirSync(outDir)).toEqual(['two photos.csv']);
  });

  it('refuses dot-files, hidden folders and a name without the format\'s extension, in the dialog', async () => {
    const dialog = page.getByRole('dialog', { name: 'Export' });
    const attempt = async (out: string, said: RegExp) => {
      await dialog.getByLabel('Save as').fill(out);
      await dialog.getByRole('button', { name: /^Export 2 photos$/ }).click();
      await dialog.getByRole('alert').getByText(said).waitFor();
    };
    await attempt(path.join(outDir, '.bash_profile'), /starts with a dot: hidden files and folders \(such as \.bash_profile\) are never written/);
    await attempt(path.join(outDir, '.config', 'autostart', 'x.csv'), /not written inside hidden folders \("\.config"\)/);
    await attempt(path.join(outDir, 'photos.sh'), /A CSV export is a \.csv file: the name must end in \.csv/);
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'test-results', 'e2e', 'export-refused-dotfile.png') });
    expect(fs.readdirSync(outDir)).toEqual(['two photos.csv']);
    await page.keyboard.press('Escape');
  });
});
