// Text from files and from users is shown as text, never run: a file name, a caption, a tag and a
// region note carrying HTML and script, in the grid, the viewer and the problems list.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { callApi } from '../helpers/batch-archive';
import { CAMERAS, PROJECT_ROOT, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">.jpg';
const CAPTION = '<script>window.__pwned=2</script> "Block 4", east side,\nХорог <b>bold</b>';
const NOTE = '<svg onload="window.__pwned=3">';

let browser: Browser;
let host: RunningHost;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  const photos = tempDir('inert-');
  fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, HOSTILE_NAME));
  fs.writeFileSync(path.join(photos, '"><svg onload=alert(1)>.jpg'), 'not a photo');
  const archive = tempDir();
  // Exit code 3: finished, with the non-photo reported as a problem.
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'import', photos, '--archive', archive], { cwd: PROJECT_ROOT });
  expect(cli.status).toBe(3);
  host = await startHostProcess(archive);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(host.url);
  await page.locator('.tile').first().waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('hostile text', () => {
  it('shows HTML in names, captions, tags and notes literally and runs none of it', async () => {
    const [photo] = await callApi(page, 'listPhotos', {});
    const tag = await callApi(page, 'addTerm', { kind: 'tag', label: '<i onmouseover="alert(4)">tag</i>' });
    await callApi(page, 'applyBatch', { photoIds: [photo!.id], addTagIds: [tag.id], fields: { caption: CAPTION } });
    await callApi(page, 'createRegion', { photoId: photo!.id, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.3, h: 0.3 }, note: NOTE });

    await page.locator(`.tile[title="${HOSTILE_NAME.replaceAll('"', '\\"')}"]`).dblclick();
    const viewer = page.getByRole('dialog', { name: `Photo ${HOSTILE_NAME}` });
    await viewer.waitFor();
    await expect(viewer.locator('.viewer-title').textContent()).resolves.toBe(HOSTILE_NAME);
    await page.getByRole('tab', { name: 'Metadata' }).click().catch(() => undefined);
    await expect(page.locator('textarea').filter({ hasText: '<script>' }).count()).resolves.toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Annotate' }).click();
    await page.getByText('<i onmouseover="alert(4)">tag</i>').first().waitFor();
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'test-results', 'e2e', 'inert-text.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /Import problems/ }).click();
    await page.getByRole('region', { name: 'Import problems' }).getByText('"><svg onload=alert(1)>.jpg', { exact: false }).waitFor();

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
