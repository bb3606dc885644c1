// The browser host's API boundary, method by method: every method of shared/api.ts is called over
// HTTP with wrong types, unknown fields, over-long arrays and strings, oversized bodies and ids that
// do not exist, and every refusal must be JSON {error} with a plain message (no stack, no server
// path). Then the host itself (token, Origin, Host, loopback only) and /media (traversal, unknown
// ids, symlinks out of the archive). The Electron IPC side is in tests/unit/electron-glue.test.ts.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiMethods, apiSchema, MAX_PAYLOAD_BYTES } from '../../shared/api';
import { derivedPath } from '../../electron/catalog/archive';
import { resolveMedia } from '../../electron/service/media';
import { startWebHost, type WebHost } from '../../electron/web/server';
import {
  apiCases,
  errorMessageProblems,
  fieldsOf,
  overLimitMutations,
  wrongTypeMutations,
  type CaseTable,
  type KnownIds,
} from '../helpers/api-cases';
import { CAMERAS, copyFixtures, PROJECT_ROOT, tempDir } from '../helpers/fixtures';

const SECRET = 'SECRET-OUTSIDE-THE-ARCHIVE';

let host: WebHost;
let base: string;
let archiveDir: string;
let rendererDir: string;
let outside: string;
let ids: KnownIds;
let cases: CaseTable;
let serverPaths: string[];

beforeAll(async () => {
  // The renderer folder has a secret sibling, so a traversal that worked would show.
  const web = tempDir('boundary-web-');
  rendererDir = path.join(web, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(web, 'package.json'), SECRET);
  outside = tempDir('boundary-outside-');
  fs.writeFileSync(path.join(outside, 'secret.webp'), SECRET);

  archiveDir = tempDir('boundary-archive-');
  host = await startWebHost({ archiveDir, rendererDir });
  base = `http://127.0.0.1:${host.port}`;
  const photos = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg'), path.join(CAMERAS, 'Nikon_D70.jpg')]);
  const api = host.session.api;
  await api.startImport({ paths: [photos], mode: 'reference' });
  await host.session.idle();
  const list = await api.listPhotos({});
  expect(list.length).toBe(2);
  const vocabulary = await api.getVocabulary({});
  const tag = await api.addTerm({ kind: 'tag', label: 'Boundary A', parentId: null, colour: null, shortcut: null });
  const otherTag = await api.addTerm({ kind: 'tag', label: 'Boundary B', parentId: null, colour: null, shortcut: null });
  const region = await api.createRegion({
    photoId: list[0]!.id,
    geometry: { type: 'rect', x: 0, y: 0, w: 0.5, h: 0.5 },
    classId: null,
    damageIds: [],
    severity: null,
    confidence: null,
    note: '',
  });
  const backup = await api.backupNow({});
  ids = {
    photo: list[0]!.id,
    classTerm: vocabulary.find((t) => t.kind === 'class')!.id,
    damageTerm: vocabulary.find((t) => t.kind === 'damage')!.id,
    tag: tag.id,
    otherTag: otherTag.id,
    region: region.id,
    backup: backup.name,
    folder: photos,
    file: path.join(photos, 'Canon_40D.jpg'),
  };
  cases = apiCases(ids);
  serverPaths = [archiveDir, fs.realpathSync(archiveDir), web, fs.realpathSync(web), PROJECT_ROOT, outside];
});
afterAll(() => host?.close());

const auth = () => ({ Authorization: `Bearer ${host.token}` });

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

async function post(method: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const r = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: parsed, text };
}

/** A raw request: node:http sends the path and Host exactly as given (fetch would normalise them). */
function raw(pathAndQuery: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: pathAndQuery, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Problems with an API refusal: the status, JSON {error} and nothing else, a clean message. */
function refusalProblems(a: Answer, status: number, request: unknown): string[] {
  const problems: string[] = [];
  if (a.status !== status) problems.push(`status ${a.status}, expected ${status}: ${a.text.slice(0, 200)}`);
  if (!a.contentType.startsWith('application/json')) problems.push(`content-type ${a.contentType}`);
  const body = a.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Object.keys(body).join() !== 'error') problems.push(`body is not {error}: ${a.text.slice(0, 200)}`);
  else problems.push(...errorMessageProblems(body.error, { serverPaths, request }));
  return problems;
}

const errorOf = (a: Answer) => (a.body as { error: string }).error;

describe('API boundary over HTTP, for every method', () => {
  it('has a case for every method of shared/api.ts, each valid for its schema', () => {
    expect(Object.keys(cases).sort()).toEqual([...apiMethods].sort());
    for (const m of apiMethods) {
      const r = apiSchema[m].input.safeParse(cases[m].valid);
      expect(r.success, `${m}: ${r.error?.message}`).toBe(true);
    }
  });

  it('refuses a wrong type at every field (derived from the schemas) with 400', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const m of apiMethods) {
      const mutations = wrongTypeMutations(m, cases[m].valid);
      for (const field of fieldsOf(m)) {
        if (!mutations.some((x) => x.path === field)) failures.push(`${m}.${field}: no wrong value is refused (is the field validated?)`);
      }
      for (const { path: where, payload } of mutations) {
        const a = await post(m, payload);
        sent++;
        for (const p of refusalProblems(a, 400, payload)) failures.push(`${m} ${where}=${JSON.stringify(payload).slice(0, 120)}: ${p}`);
        if (a.status === 400 && !errorOf(a).startsWith(`Invalid request for ${m}: `)) failures.push(`${m} ${where}: ${errorOf(a)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(apiMethods.length * 5);
  });

  it('refuses unknown fields and payloads that are not objects', async () => {
    const failures: string[] = [];
    for (const m of apiMethods) {
      const valid = cases[m].valid as Record<string, unknown>;
      const bodies: unknown[] = [
        { ...valid, unexpected: true },
        { ...valid, constructor: { prototype: { polluted: true } } },
        // JSON.parse makes "__proto__" an own key: it must be refused, and pollute nothing.
        JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"polluted":true}' + (Object.keys(valid).length ? ',' : '')),
        '[]',
        '"x"',
        '42',
        'true',
        `{"id":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      ];
      for (const body of bodies) {
        const a = await post(m, body);
        for (const p of refusalProblems(a, 400, body)) failures.push(`${m} ${String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 80)}: ${p}`);
      }
      const a = await post(m, '{"id": 1,');
      for (const p of refusalProblems(a, 400, null)) failures.push(`${m} broken JSON: ${p}`);
      if (a.status === 400 && errorOf(a) !== 'The request body is not valid JSON.') failures.push(`${m} broken JSON: ${errorOf(a)}`);
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses arrays and strings over their limits', async () => {
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const m of apiMethods) {
      for (const { path: where, payload, limit } of overLimitMutations(m, cases[m].valid)) {
        seen.add(`${m}.${where}`);
        expect(apiSchema[m].input.safeParse(payload).success, `${m}.${where}`).toBe(false);
        const body = JSON.stringify(payload);
        const expected = Buffer.byteLength(body) > MAX_PAYLOAD_BYTES ? 413 : 400;
        const a = await post(m, body);
        for (const p of refusalProblems(a, expected, payload)) failures.push(`${m}.${where} (${limit.kind} max ${limit.max}): ${p}`);
      }
    }
    expect(failures).toEqual([]);
    // The limits that matter most are found by the walk (a schema change that drops one fails here).
    for (const key of [
      'startImport.paths',
      'listRegionOutlines.photoIds',
      'planBatch.photoIds',
      'applyBatch.addTagIds',
      'createRegion.damageIds',
      'createRegion.note',
      'updateRegion.geometry.points',
      'importVocabulary.vocabulary.terms',
      'setSettings.userName',
      'relinkFolder.folder',
    ]) {
      expect(seen, key).toContain(key);
    }
  });

  it('answers bodies over 1 MB with 413, announced or streamed', async () => {
    const failures: string[] = [];
    const pad = 'x'.repeat(MAX_PAYLOAD_BYTES + 1);
    for (const m of apiMethods) {
      const a = await post(m, { ...(cases[m].valid as object), pad });
      for (const p of refusalProblems(a, 413, null)) failures.push(`${m}: ${p}`);
    }
    expect(failures).toEqual([]);
    // Chunked, with no Content-Length to go by.
    const streamed = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: host.port, path: '/api/listPhotos', method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let sent = 0; sent <= MAX_PAYLOAD_BYTES; sent += chunk.length) req.write(chunk);
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.text)).toEqual({ error: expect.stringMatching(/^The request is too large/) });
  });

  it('answers ids that do not exist with 404 and a clear message', async () => {
    const failures: string[] = [];
    for (const m of apiMethods) {
      const c = cases[m].unknown;
      if (!Array.isArray(c)) {
        expect(c.none.length, m).toBeGreaterThan(5); // each method without such calls says why
        continue;
      }
      for (const u of c) {
        const a = await post(m, u.payload);
        const label = `${m} ${JSON.stringify(u.payload).slice(0, 100)}`;
        if (u.status === 200) {
          if (a.status !== 200 || JSON.stringify((a.body as { value: unknown }).value) !== JSON.stringify(u.value)) failures.push(`${label}: ${a.status} ${a.text.slice(0, 200)}`);
          continue;
        }
        const problems = refusalProblems(a, u.status, u.payload);
        if (!problems.length && !u.error.test(errorOf(a))) problems.push(`message "${errorOf(a)}" does not match ${u.error}`);
        for (const p of problems) failures.push(`${label}: ${p}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses unknown methods, other HTTP methods and other content types, as JSON', async () => {
    const problems = [
      ...refusalProblems(await post('noSuchMethod', {}), 404, null),
      ...refusalProblems(await post('__proto__', {}), 404, null),
      ...refusalProblems(await post('constructor', {}), 404, null),
      ...refusalProblems(await post('toString', {}), 404, null),
      ...refusalProblems(await post('listPhotos', '{}', { 'Content-Type': 'text/plain' }), 415, null),
    ];
    const get = await fetch(`${base}/api/listPhotos`, { headers: auth() });
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({ error: expect.any(String) });
    expect(problems).toEqual([]);
  });

  it('reports a failure inside the core without its paths or stack', async () => {
    const api = host.session.api as unknown as Record<string, () => Promise<unknown>>;
    const original = api.getSettings!;
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const failing = (err: Error) => () => Promise.reject(err);
      const leaky = Object.assign(new Error(`ENOSPC: no space left on device, write '${path.join(archiveDir, 'catalog.sqlite')}'`), { code: 'ENOSPC' });
      api.getSettings = failing(leaky);
      const a = await post('getSettings', {});
      expect(refusalProblems(a, 500, {})).toEqual([]);
      expect(errorOf(a)).toBe('Could not complete getSettings: the disk is full (ENOSPC). The details are in the log of the program that runs the archive.');

      const withStack = new Error('boom\n    at Object.<anonymous> (/srv/app/electron/catalog/db.ts:10:5)');
      api.getSettings = failing(withStack);
      const b = await post('getSettings', {});
      expect(refusalProblems(b, 500, {})).toEqual([]);

      // A plain sentence from the core, without paths, is passed on as it is.
      api.getSettings = failing(new Error('The backup catalog-x.sqlite is damaged too (malformed); choose another.'));
      const c = await post('getSettings', {});
      expect(c.status).toBe(500);
      expect(errorOf(c)).toBe('The backup catalog-x.sqlite is damaged too (malformed); choose another.');
      // The details, stack and all, went to the host's log instead.
      expect(log).toHaveBeenCalledWith('[getSettings]', leaky);
      expect(log).toHaveBeenCalledWith('[getSettings]', withStack);
    } finally {
      api.getSettings = original;
      log.mockRestore();
    }
  });
});

describe('the host refuses strangers', () => {
  it('refuses every method without the token, from another origin or site, or for another Host', async () => {
    const failures: string[] = [];
    const intruder = { userName: 'Intruder' };
    const attempts: Array<[string, Record<string, string>, number]> = [
      ['no token', { Authorization: '' }, 403],
      ['wrong token', { Authorization: 'Bearer wrong' }, 403],
      ['wrong cookie', { Authorization: '', Cookie: 'archive_session=wrong' }, 403],
      ['token in the query only', { Authorization: '' }, 403],
      ['foreign Origin', { Origin: 'http://evil.example' }, 403],
      ['opaque Origin', { Origin: 'null' }, 403],
      ['Origin on another port', { Origin: `http://127.0.0.1:${host.port + 1}` }, 403],
      ['cross-site fetch', { 'Sec-Fetch-Site': 'cross-site' }, 403],
      ['same-site fetch', { 'Sec-Fetch-Site': 'same-site' }, 403],
    ];
    for (const m of apiMethods) {
      const body = m === 'setSettings' ? intruder : cases[m].valid;
      for (const [label, headers, status] of attempts) {
        const a = await (label === 'token in the query only'
          ? fetch(`${base}/api/${m}?token=${host.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
              const text = await r.text();
              return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: JSON.parse(text) as unknown, text };
            })
          : post(m, body, headers));
        for (const p of refusalProblems(a, status, body)) failures.push(`${m} ${label}: ${p}`);
      }
      for (const badHost of ['evil.example', '127.0.0.1', `localhost.evil.example:${host.port}`, `127.0.0.1:${host.port}.evil.example`]) {
        const r = await raw(`/api/${m}`, { method: 'POST', headers: { ...auth(), Host: badHost, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        if (r.status !== 421) failures.push(`${m} Host ${badHost}: ${r.status}`);
        else if (JSON.parse(r.text).error !== 'Unknown host.') failures.push(`${m} Host ${badHost}: ${r.text}`);
      }
    }
    expect(failures).toEqual([]);
    // None of the refused calls ran.
    expect((await host.session.api.getSettings({})).userName).not.toBe('Intruder');
  });

  it('refuses pages and images to strangers too', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js', `/media/thumb/${ids.photo}`]) {
      expect((await fetch(`${base}${p}`)).status, p).toBe(403);
      expect((await fetch(`${base}${p}`, { headers: { ...auth(), Origin: 'http://evil.example' } })).status, p).toBe(403);
      expect((await raw(p, { headers: { ...auth(), Host: 'evil.example' } })).status, p).toBe(421);
    }
  });

  it('listens on loopback only: not on any other address of this machine', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && !(a.family === 'IPv6' && a.address.startsWith('fe80')));
    const connect = (address: string) =>
      new Promise<string>((resolve) => {
        const s = net.connect({ host: address, port: host.port, timeout: 2000 });
        s.on('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.on('timeout', () => {
          s.destroy();
          resolve('timeout');
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    expect(await connect('127.0.0.1')).toBe('connected'); // the probe itself works
    if (others.length === 0) {
      console.warn('SKIPPED non-loopback check: this machine has no network address besides loopback (os.networkInterfaces()).');
      return;
    }
    for (const a of others) expect(await connect(a.address), `${a.family} ${a.address}`).not.toBe('connected');
  });
});

describe('/media and static files', () => {
  const leaked = (text: string) => text.includes(SECRET) || text.includes('SQLite format 3');

  it('serves an existing thumbnail, and nothing for traversal, encodings or unknown ids', async () => {
    const ok = await fetch(`${base}/media/thumb/${ids.photo}`, { headers: auth() });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/webp');
    const bad = [
      '/media/thumb/../../catalog.sqlite',
      '/media/thumb/..%2f..%2fcatalog.sqlite',
      '/media/thumb/%2e%2e%2f%2e%2e%2fcatalog.sqlite',
      '/media/%2e%2e/%2e%2e/catalog.sqlite',
      '/media/thumb/%252e%252e%252fcatalog.sqlite',
      `/media/thumb/${ids.photo}%2f..%2f..%2fcatalog.sqlite`,
      `/media/thumb/${ids.photo}/../../../catalog.sqlite`,
      '/media/thumb/..%5c..%5ccatalog.sqlite',
      '/media/thumb/999999',
      '/media/thumb/0',
      '/media/thumb/-1',
      '/media/thumb/1e0',
      '/media/thumb/0x1',
      `/media/thumb/0${ids.photo}`,
      `/media/thumb/${ids.photo}.webp`,
      `/media/thumb/${ids.photo}/x`,
      `/media/original/${ids.photo}`,
      `/media/catalog/${ids.photo}`,
      `/media/thumb/${ids.photo}%00`,
      '/media/thumb/99999999999999999999',
      '/media/',
      '/media',
    ];
    for (const p of bad) {
      const r = await raw(p, { headers: auth() });
      expect(r.status, p).toBe(404);
      expect(leaked(r.text), p).toBe(false);
    }
  });

  it('serves only the renderer folder as static files', async () => {
    expect((await raw('/assets/app.js', { headers: auth() })).status).toBe(200);
    for (const p of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/%252e%252e%252fpackage.json',
      '/..%5cpackage.json',
      '/index.html%00.js',
      '/assets',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
    ]) {
      const r = await raw(p, { headers: auth() });
      expect(r.status, p).toBe(404);
      expect(leaked(r.text), p).toBe(false);
    }
  });

  it('refuses a thumbnail that is a symlink out of the archive (or to the catalogue)', async () => {
    const photo = await host.session.api.getPhoto({ id: ids.photo });
    const thumb = derivedPath(archiveDir, 'thumbs', photo.sha256!);
    const kept = fs.readFileSync(thumb);
    const url = `/media/thumb/${ids.photo}`;
    try {
      for (const target of [path.join(outside, 'secret.webp'), path.join(archiveDir, 'catalog.sqlite')]) {
        fs.rmSync(thumb);
        fs.symlinkSync(target, thumb);
        expect(await resolveMedia(host.session.current, 'thumb', String(ids.photo)), target).toBeNull();
        const r = await raw(url, { headers: auth() });
        expect(r.status, target).toBe(404);
        expect(leaked(r.text)).toBe(false);
      }
      // The thumbnail's folder replaced by a symlink to a folder outside that holds the same name.
      fs.rmSync(thumb);
      const shard = path.dirname(thumb);
      const elsewhere = path.join(outside, 'shard');
      fs.mkdirSync(elsewhere);
      fs.writeFileSync(path.join(elsewhere, path.basename(thumb)), SECRET);
      fs.renameSync(shard, `${shard}.moved`);
      fs.symlinkSync(elsewhere, shard);
      expect(await resolveMedia(host.session.current, 'thumb', String(ids.photo))).toBeNull();
      expect((await raw(url, { headers: auth() })).status).toBe(404);
      fs.rmSync(shard);
      fs.renameSync(`${shard}.moved`, shard);
    } finally {
      if (fs.existsSync(thumb) || fs.lstatSync(thumb, { throwIfNoEntry: false })) fs.rmSync(thumb);
      fs.writeFileSync(thumb, kept);
    }
    expect((await raw(url, { headers: auth() })).status).toBe(200); // and the real one is served again
  });

  it('refuses a thumbnail that is a hard link (to a file outside the archive, or to the catalogue)', async () => {
    const photo = await host.session.api.getPhoto({ id: ids.photo });
    const thumb = derivedPath(archiveDir, 'thumbs', photo.sha256!);
    const kept = fs.readFileSync(thumb);
    const url = `/media/thumb/${ids.photo}`;
    const secretFile = path.join(outside, 'hard-secret.webp');
    fs.writeFileSync(secretFile, SECRET);
    try {
      for (const target of [secretFile, path.join(archiveDir, 'catalog.sqlite')]) {
        fs.rmSync(thumb);
        fs.linkSync(target, thumb);
        expect(await resolveMedia(host.session.current, 'thumb', String(ids.photo)), target).toBeNull();
        const r = await raw(url, { headers: auth() });
        expect(r.status, target).toBe(404);
        expect(r.text).not.toContain(SECRET);
        expect(leaked(r.text)).toBe(false);
      }
    } finally {
      fs.rmSync(thumb, { force: true });
      fs.writeFileSync(thumb, kept);
    }
    expect((await raw(url, { headers: auth() })).status).toBe(200);
  });
});

