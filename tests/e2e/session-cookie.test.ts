// The browser host's credential in a real browser (issue 10, item 5): the printed address works
// once and leaves a token-less page; two hosts in one browser both stay signed in; a page server
// on another 127.0.0.1 port, which the browser sends our cookie to, cannot use what it receives.
import http from 'node:http';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWithCli } from '../helpers/batch-archive';
import { CAMERAS, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let browser: Browser;
let context: BrowserContext;
let first: RunningHost;
let second: RunningHost;
/** Another local web server the user visits in the same browser: it logs the Cookie header it gets. */
let snoop: http.Server;
let snoopPort = 0;
const snooped: string[] = [];

beforeAll(async () => {
  first = await startHostProcess(importWithCli(copyFixtures(listJpegs(CAMERAS).slice(0, 2))));
  second = await startHostProcess(tempDir());
  snoop = http.createServer((req, res) => {
    snooped.push(req.headers.cookie ?? '');
    res.end('<!doctype html><title>another local page</title>');
  });
  await new Promise<void>((resolve) => snoop.listen(0, '127.0.0.1', resolve));
  snoopPort = (snoop.address() as { port: number }).port;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  context = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
  await first?.stop();
  await second?.stop();
  snoop?.close();
});

/** An API call from the page itself, as the app makes them (the session cookie is its only credential). */
const apiStatus = (page: Page) =>
  page.evaluate(async () => (await fetch('/api/listPhotos', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);

describe('signing in to the browser host', () => {
  it('leaves no token in the address, and two hosts in one browser both stay signed in', async () => {
    const a = await context.newPage();
    await a.goto(first.url);
    await a.locator('.tile').first().waitFor();
    expect(a.url()).toBe(`${first.origin}/`);
    const b = await context.newPage();
    await b.goto(second.url);
    expect(b.url()).toBe(`${second.origin}/`);
    expect(await apiStatus(b)).toBe(200);
    // Signing in to the second host did not sign the first out: it still loads and calls the API.
    await a.reload();
    await a.locator('.tile').first().waitFor();
    expect(await a.locator('.tile').count()).toBe(2);
    expect(await apiStatus(a)).toBe(200);
    await b.reload();
    expect(await apiStatus(b)).toBe(200);
  });

  it('the address in the history is spent: opened in a fresh browser it signs nobody in', async () => {
    const fresh = await browser.newContext();
    try {
      const page = await fresh.newPage();
      const r = await page.goto(first.url);
      expect(r?.status()).toBe(403);
      expect(await page.textContent('body')).toMatch(/has been used already, or is wrong: each one works once/);
    } finally {
      await fresh.close();
    }
  });

  it('a page server on another port gets the cookie but cannot use it', async () => {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${snoopPort}/`);
    const jar = snooped.at(-1)!;
    // Cookies are not port-scoped: the other server did receive both hosts' cookies...
    expect(jar).toMatch(new RegExp(`archive_session_${new URL(first.origin).port}=`));
    expect(jar).toMatch(new RegExp(`archive_session_${new URL(second.origin).port}=`));
    const value = /archive_session_\d+=([^;]+)/.exec(jar)![1]!;
    // ...but replayed as a Bearer token, or from its own origin, it is refused.
    const api = (headers: Record<string, string>) =>
      fetch(`${first.origin}/api/listPhotos`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
    expect((await api({ Authorization: `Bearer ${value}` })).status).toBe(403);
    expect((await api({ Cookie: jar, Origin: `http://127.0.0.1:${snoopPort}` })).status).toBe(403);
    // And from the other page in the browser itself, a cross-origin call is refused too.
    const status = await page.evaluate(async (url) => {
      try {
        const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', credentials: 'include' });
        return r.status;
      } catch {
        return -1; // the browser refused to show the answer (no CORS): also refused
      }
    }, `${first.origin}/api/listPhotos`);
    expect([403, -1]).toContain(status);
  });
});
