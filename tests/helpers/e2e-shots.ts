// Screenshots from end-to-end tests, under test-results/e2e/: the ones a test takes to be looked at,
// and one of the page whenever a test fails, so a failure in CI can be seen and not just read.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { PROJECT_ROOT } from './fixtures';

export const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');

/** Registers the on-failure screenshot and returns `shot(name)`, which saves `<prefix>-<name>.png`. */
export function screenshots(prefix: string, page: () => Page | undefined): (name: string) => Promise<Buffer> {
  fs.mkdirSync(SHOTS, { recursive: true });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await page()?.screenshot({ path: path.join(SHOTS, `${prefix}-failed-${ctx.task.name.replace(/\W+/g, '-').slice(0, 60)}.png`) });
  });
  return (name) => page()!.screenshot({ path: path.join(SHOTS, `${prefix}-${name}.png`) });
}
