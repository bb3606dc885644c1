// The built renderer (dist/renderer) as both hosts serve it: which file a URL path names (never
// one outside that folder), its MIME type, and the page's Content Security Policy. Used by the
// browser host (server.ts) and by Electron's app:// protocol (main.ts); no 'electron' import here.
import fs from 'node:fs';
import path from 'node:path';
import { MEDIA_SCHEME } from '../../shared/host';

export const RENDERER_MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // MapLibre's worker is an ES module file of its own (a module worker needs a JavaScript type).
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// No worker-src: MapLibre's worker is a file of our own, which script-src 'self' already allows
// (worker-src falls back to it); no blob: workers.
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Offline street maps are fetched from the app's own origin too (/maps/<id>).
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** The browser host's page policy: images come from its own /media/ path. */
export const BROWSER_HOST_CSP = [...POLICY, "img-src 'self' data:"].join('; ');
/** The Electron page's policy (app://renderer): images come from the archive-media: scheme. */
export const ELECTRON_CSP = [...POLICY, `img-src 'self' data: ${MEDIA_SCHEME}:`].join('; ');

export interface RendererFile {
  file: string;
  contentType: string;
}

/**
 * The regular file inside rendererDir that a URL path names, or null. "/" is index.html. The path
 * is percent-decoded once; a ".." segment (plain or encoded as %2e%2e or ..%2f), a backslash, a NUL
 * byte, a directory, a missing file or one whose real path (symlinks resolved) lies outside the
 * folder all give null.
 */
export function resolveRendererFile(rendererDir: string, urlPath: string): RendererFile | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel === '' || rel === '/') rel = '/index.html';
  if (!rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return null;
  const segments = rel.slice(1).split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '')) return null;
  try {
    const root = fs.realpathSync(rendererDir);
    const real = fs.realpathSync(path.join(root, ...segments));
    const inside = path.relative(root, real);
    if (!inside || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return null;
    if (!fs.statSync(real).isFile()) return null;
    return { file: real, contentType: RENDERER_MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
