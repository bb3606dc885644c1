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

  it('trades the token in the address for a same-site cookie', async () => {
    const r = await fetch(host.url, { redirect: 'manual' });
    expect(r.status).toBe(303);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${base}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
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
