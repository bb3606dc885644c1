// The loopback browser host: serves the renderer, the API contract over HTTP and images by opaque
// id, on 127.0.0.1 only, to whoever signed in with this session's one-time address (auth.ts).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ArchiveLockedError } from '../catalog/lock';
import { fileURLToPath } from 'node:url';
import { MAX_PAYLOAD_BYTES, type ApiEvent } from '../../shared/api';
import { dispatch, unexpectedError } from '../service/dispatch';
import { MEDIA_METHODS, mediaContentType, resolveMedia } from '../service/media';
import { serveOfflineMap } from '../catalog/offline-maps';
import { ArchiveSession, type SessionOptions } from '../service/session';
import { HostCredentials } from './auth';
import { BROWSER_HOST_CSP, resolveRendererFile } from './static';

export const defaultRendererDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export interface WebHostOptions {
  archiveDir: string;
  port?: number;
  rendererDir?: string;
  /** The Bearer API token (for embedders such as tests); random when not given, never printed. */
  token?: string;
  /** Told the next one-time sign-in address each time one is used (npm run web prints it). */
  onSignInUrl?: (url: string) => void;
  import?: SessionOptions['import'];
}

export interface WebHost {
  /** The first one-time sign-in address (it works once; see signInUrl). */
  url: string;
  port: number;
  /** The Bearer API token: not the sign-in token, not what the cookie holds. */
  token: string;
  /** This host's session cookie name (it carries the port). */
  cookieName: string;
  /** The sign-in address valid now (a new one is drawn each time one is used). */
  signInUrl(): string;
  session: ArchiveSession;
  close(): Promise<void>;
}

/** The page policy the browser host sends (see static.ts). */
export const CONTENT_SECURITY_POLICY = BROWSER_HOST_CSP;

/** How `npm run web` exits when it cannot start: 8 (as the CLI's "archive in use") when another program writes the archive, else 1. */
export function startFailureExitCode(err: unknown): number {
  return err instanceof ArchiveLockedError ? 8 : 1;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const rendererDir = path.resolve(opts.rendererDir ?? defaultRendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${rendererDir} has no index.html). Run "npm run build:renderer" first.`);
  }
  const session = new ArchiveSession(opts.archiveDir, { host: 'web', import: opts.import });
  const sseClients = new Set<http.ServerResponse>();
  const unsubscribe = session.onEvent((e: ApiEvent) => {
    const frame = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });

  let port = 0;
  const creds = new HostCredentials({ apiToken: opts.token });
  const signInUrl = () => `http://127.0.0.1:${port}/?token=${creds.currentSignInToken}`;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: unexpectedError('request', err) });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    // Refusals of API calls are JSON like every other API answer; pages and images get text.
    const refuse = (status: number, message: string) =>
      (req.url ?? '').startsWith('/api/') ? sendJson(res, status, { error: message }) : sendText(res, status, message);
    // DNS rebinding: only our own loopback host names are answered.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return refuse(421, 'Unknown host.');
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      const r = creds.signIn(url.searchParams.get('token'), req);
      if (r.kind === 'refused') return sendText(res, 403, r.message);
      // On to the address without the token: the page the user keeps open carries no credential.
      if (r.kind === 'signed-in') res.setHeader('Set-Cookie', r.setCookie);
      res.writeHead(303, { Location: '/', 'Cache-Control': 'no-store' });
      res.end();
      if (r.kind === 'signed-in') opts.onSignInUrl?.(signInUrl());
      return;
    }
    if (!creds.authorised(req)) {
      return refuse(403, 'This archive is private to the browsers signed in to it. Open the newest sign-in address printed by "npm run web" (each works once).');
    }
    // Only our own page may call: a foreign (or opaque "null") Origin, or a browser saying the
    // request comes from another site, is refused even with the cookie.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return refuse(403, 'Cross-origin requests are refused.');
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(403, 'Cross-site requests are refused.');

    if (url.pathname.startsWith('/api/')) return api(req, res, url.pathname.slice(5));
    if (url.pathname.startsWith('/media/')) return media(req, res, url.pathname);
    if (url.pathname.startsWith('/maps/')) {
      if (!MEDIA_METHODS.has(req.method ?? '')) return sendText(res, 405, 'Method not allowed.');
      const r = await serveOfflineMap(session.current.db, url.pathname.split('/').slice(2), req.headers.range);
      res.writeHead(r.status, r.headers);
      return void res.end(req.method === 'HEAD' ? undefined : (r.body ?? undefined));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    return staticFile(res, url.pathname);
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (method === 'events' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'API calls are POST requests.' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { error: 'API calls take a JSON body (Content-Type: application/json).' });
    }
    let text: string;
    try {
      text = await readBody(req, MAX_PAYLOAD_BYTES);
    } catch (err) {
      if (err instanceof PayloadTooLarge) return sendJson(res, 413, { error: err.message });
      throw err;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { error: 'The request body is not valid JSON.' });
    }
    const result = await dispatch(session.api, method, body);
    if (result.ok) return sendJson(res, 200, { value: result.value ?? null });
    return sendJson(res, result.status, { error: result.error });
  }

  async function media(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    if (!MEDIA_METHODS.has(req.method ?? '')) return sendText(res, 405, 'Method not allowed.');
    const parts = pathname.split('/');
    const file = parts.length === 4 ? await resolveMedia(session.current, parts[2]!, parts[3]!) : null;
    if (!file) return sendText(res, 404, 'No such image.');
    res.writeHead(200, { 'Content-Type': mediaContentType(file), 'Cache-Control': 'private, max-age=86400' });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  function staticFile(res: http.ServerResponse, pathname: string): void {
    const found = resolveRendererFile(rendererDir, pathname);
    if (!found) return sendText(res, 404, 'Not found.');
    const headers: Record<string, string> = { 'Content-Type': found.contentType, 'Cache-Control': 'no-cache' };
    if (found.file.endsWith('.html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    res.writeHead(200, headers);
    fs.createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  creds.listening(port);

  return {
    url: signInUrl(),
    port,
    token: creds.apiToken,
    cookieName: creds.cookieName,
    signInUrl,
    session,
    close: async () => {
      unsubscribe();
      for (const res of sseClients) res.end();
      await session.idle().catch(() => null);
      // Close idle and open connections at once: a browser's event stream or keep-alive socket
      // would otherwise hold server.close() open indefinitely.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await session.close();
    },
  };
}

class PayloadTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Stop keeping the body but let it drain, so the client still gets our 413 answer.
        req.removeAllListeners('data');
        req.resume();
        reject(new PayloadTooLarge(`The request is too large: API calls are limited to ${limit} bytes.`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8') || '{}'));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
