// The browser host's boundary: token, host and origin checks, payload validation, media by opaque id.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMethods } from '../../shared/api';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';

let host: WebHost;
let base: string;

beforeAll(async () => {
  const rendererDir = tempDir('renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startWebHost({ archiveDir: tempDir(), rendererDir });
  base = `http://127.0.0.1:${host.port}`;
  const photos = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg')]);
  await host.session.api.startImport({ paths: [photos], mode: 'reference' });
  await host.session.idle();
});
afterAll(() => host?.close());

const auth = () => ({ Authorization: `Bearer ${host.token}` });
const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser host', () => {
  it('listens on loopback only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  });

  it('refuses requests without the session token', async () => {
    expect((await fetch(`${base}/`)).status).toBe(403);
    expect((await fetch(`${base}/api/listPhotos`, { method: 'POST', body: '{}' })).status).toBe(403);
    expect((await fetch(`${base}/media/thumb/1`)).status).toBe(403);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(403);
  });

  it('trades the token in the address, once, for a same-site session cookie named after the port', async () => {
    const first = host.url;
    const r = await fetch(first, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/'); // the page the user keeps has no token in its address
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
    expect(name).toBe(`archive_session_${host.port}`);
    expect(value).not.toBe(new URL(first).searchParams.get('token'));
    expect(value).not.toBe(host.token);
    const page = await fetch(`${base}/`, { headers: { Cookie: `${name}=${value}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);

    // A used address (e.g. from the browser's history) signs nobody in again...
    const again = await fetch(first, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toMatch(/has been used already, or is wrong: each one works once/);
    // ...but a browser already signed in is simply sent on to the page.
    const signedIn = await fetch(first, { redirect: 'manual', headers: { Cookie: `${name}=${value}` } });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('set-cookie')).toBeNull();
    // The next address (printed by npm run web) works, once.
    const next = host.signInUrl();
    expect(next).not.toBe(first);
    expect((await fetch(next, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(next, { redirect: 'manual' })).status).toBe(403);
  });

  it('accepts the session cookie only as this host\'s cookie: not as Bearer, not under another name, not from another origin', async () => {
    const r = await fetch(host.signInUrl(), { redirect: 'manual' });
    const [name, value] = r.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
    const api = (headers: Record<string, string>) =>
      fetch(`${base}/api/listPhotos`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
    expect((await api({ Cookie: `${name}=${value}` })).status).toBe(200);
    // A page server on another port receives the cookie (cookies are not port-scoped): replayed as
    // a Bearer token, under the old shared name, under another port's name, or with its own Origin,
    // it is refused.
    expect((await api({ Authorization: `Bearer ${value}` })).status).toBe(403);
    expect((await api({ Cookie: `archive_session=${value}` })).status).toBe(403);
    expect((await api({ Cookie: `archive_session_${host.port + 1}=${value}` })).status).toBe(403);
    expect((await api({ Cookie: `${name}=${value}`, Origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await api({ Cookie: `${name}=${value}`, 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    // Neither the sign-in token nor the API token works as the cookie.
    expect((await api({ Cookie: `${name}=${host.token}` })).status).toBe(403);
    expect((await api({ Cookie: `${name}=${new URL(host.signInUrl()).searchParams.get('token')!}` })).status).toBe(403);
  });

  it('two hosts on different ports keep their own cookies: signing in to one never signs the other out', async () => {
    const rendererDir = tempDir('renderer-');
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const other = await startWebHost({ archiveDir: tempDir(), rendererDir });
    try {
      // One browser's cookie jar for 127.0.0.1 (cookies ignore the port): both cookies go to both hosts.
      const jar: string[] = [];
      for (const h of [host, other]) {
        const r = await fetch(h.signInUrl(), { redirect: 'manual' });
        jar.push(r.headers.get('set-cookie')!.split(';')[0]!);
      }
      expect(new Set(jar.map((c) => c.split('=')[0])).size).toBe(2);
      for (const h of [host, other]) {
        const page = await fetch(`http://127.0.0.1:${h.port}/`, { headers: { Cookie: jar.join('; ') } });
        expect(page.status).toBe(200);
      }
    } finally {
      await other.close();
    }
  });

  it('refuses foreign origins and other host names (DNS rebinding)', async () => {
    expect((await call('listPhotos', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    // fetch() will not send a forged Host header; node:http will.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: host.port, path: '/api/listPhotos', method: 'POST', headers: { ...auth(), Host: 'evil.example', 'Content-Type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('validates every method payload', async () => {
    for (const m of apiMethods) {
      const r = await call(m, { unexpected: true });
      expect(r.status, m).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(/Invalid request/);
    }
    expect((await call('getPhoto', { id: 'x' })).status).toBe(400);
    expect((await call('getPhoto', { id: -1 })).status).toBe(400);
    expect((await call('startImport', { paths: [], mode: 'copy' })).status).toBe(400);
    expect((await call('startImport', { paths: ['/x'], mode: 'move' })).status).toBe(400);
    expect((await call('noSuchMethod', {})).status).toBe(404);
    expect((await call('getPhoto', 'not json')).status).toBe(400);
    expect((await call('listPhotos', JSON.stringify({ pad: 'x'.repeat(2_000_000) }))).status).toBe(413);
  });

  it('answers a body with 80,000 unknown keys with a short error, not a list of every key', async () => {
    const body: Record<string, number> = {};
    for (let i = 0; i < 80_000; i++) body[`k${i}`] = 0;
    const r = await call('listPhotos', body);
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text.length).toBeLessThan(2_500);
    expect((JSON.parse(text) as { error: string }).error).toMatch(/Unrecognized keys: "k0", "k1", "k2", "k3", "k4" and 79995 more/);
    // A single enormous key is cut short too.
    const huge = await call('listPhotos', { ['x'.repeat(500_000)]: 1 });
    expect(huge.status).toBe(400);
    expect((await huge.text()).length).toBeLessThan(2_500);
  });

  it('answers unknown ids with a clear not-found error', async () => {
    const r = await call('getPhoto', { id: 999999 });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: string }).error).toBe('No photo with id 999999 in this archive.');
  });

  it('serves images by opaque id and refuses anything else', async () => {
    const photos = ((await (await call('listPhotos', {})).json()) as { value: Array<{ id: number }> }).value;
    expect(photos).toHaveLength(1);
    const ok = await fetch(`${base}/media/thumb/${photos[0]!.id}`, { headers: auth() });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/webp');
    for (const bad of ['/media/thumb/999', '/media/original/1', '/media/thumb/..%2f..%2fcatalog.sqlite', '/media/thumb/1/../../catalog.sqlite', '/media/thumb/01', '/../catalog.sqlite', '/%2e%2e/catalog.sqlite']) {
      const r = await fetch(`${base}${bad}`, { headers: auth() });
      expect(r.status, bad).toBe(404);
    }
  });
});
