// Who may use the browser host, and how a browser signs in. Three separate secrets, so that none
// is useful where it might leak (docs/SECURITY.md, "Session credentials"):
// - the sign-in token in the printed address works ONCE: it is traded for a session cookie and
//   the browser is sent on to "/", so the address left in the browser's history is spent;
// - the session cookie holds a fresh random secret per sign-in (never the token), is HttpOnly and
//   SameSite=Strict, and its NAME carries the port: cookies are not port-scoped, so a page server
//   on another 127.0.0.1 port receives it, but another host's cookie never logs this one out and
//   this host reads only its own; it counts only as a cookie (never as a Bearer token), and the
//   server still checks Host, Origin and Sec-Fetch-Site on every request;
// - the API token (Bearer, for code that embeds the host, e.g. tests) is never printed, never put
//   in an address and never in a cookie.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export const COOKIE_PREFIX = 'archive_session_';

export type SignIn =
  | { kind: 'signed-in'; setCookie: string }
  | { kind: 'already-signed-in' }
  | { kind: 'refused'; message: string };

function fresh(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison of a presented secret with the expected one. */
export function secretMatches(given: string | null | undefined, expected: string | null): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export class HostCredentials {
  /** The Bearer token for embedders; never printed, never in a cookie. */
  readonly apiToken: string;
  /** This host's cookie name (the port is part of it; set by listening()). */
  cookieName = `${COOKIE_PREFIX}unbound`;
  private signInToken: string;
  /** Digests of the live session secrets: the secrets themselves are kept only by the browsers. */
  private readonly sessions = new Set<string>();

  constructor(opts: { apiToken?: string; signInToken?: string } = {}) {
    this.apiToken = opts.apiToken ?? fresh();
    this.signInToken = opts.signInToken ?? fresh();
  }

  /** Names the cookie after the port the host listens on (no request arrives before). */
  listening(port: number): void {
    this.cookieName = `${COOKIE_PREFIX}${port}`;
  }

  /** The one-time sign-in token currently valid (for the printed address). */
  get currentSignInToken(): string {
    return this.signInToken;
  }

  /**
   * GET /?token=…: a valid, unused token becomes a session cookie (and a new token is drawn for
   * the next browser); a spent or wrong one is refused, unless the browser is signed in already.
   */
  signIn(given: string | null, req: http.IncomingMessage): SignIn {
    if (secretMatches(given, this.signInToken)) {
      this.signInToken = fresh();
      const secret = randomBytes(32).toString('base64url');
      this.sessions.add(digest(secret));
      return { kind: 'signed-in', setCookie: `${this.cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/` };
    }
    if (this.hasSessionCookie(req)) return { kind: 'already-signed-in' };
    return {
      kind: 'refused',
      message:
        'This sign-in address has been used already, or is wrong: each one works once. "npm run web" prints a new one in its terminal each time one is used; open that one.',
    };
  }

  /** True for a request carrying this host's API token as a Bearer token, or a live session cookie. */
  authorised(req: http.IncomingMessage): boolean {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && secretMatches(auth.slice(7), this.apiToken)) return true;
    return this.hasSessionCookie(req);
  }

  private hasSessionCookie(req: http.IncomingMessage): boolean {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== this.cookieName) continue;
      if (this.sessions.has(digest(part.slice(eq + 1).trim()))) return true;
    }
    return false;
  }
}
