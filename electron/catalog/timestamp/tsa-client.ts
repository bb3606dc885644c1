// Asking a time-stamping authority (RFC 3161 over HTTP, RFC 3161 section 3.4): POST the request as
// application/timestamp-query, read an application/timestamp-reply. This is the only place the
// archive opens a network connection, and only to the URL the user set (Settings); with none set it
// is never called. Being offline is normal in the field: any failure is a TsaError with a sentence
// for the user, nothing is stored, and the same stamp can be asked for again later.
import { TsaUrl } from '../../../shared/api';
import { acceptReply, buildRequest, TokenError, type TokenFacts } from './rfc3161';

export class TsaError extends Error {}

/** The setting's rule (shared/api.ts TsaUrl): empty (no TSA), or an http(s) URL with a host. */
export function tsaUrlProblem(url: string): string | null {
  const r = TsaUrl.safeParse(url);
  return r.success ? null : `${JSON.stringify(url)}: ${r.error.issues[0]?.message ?? 'not a time-stamping authority URL'}`;
}

/** What the usual network failures mean, for the message (the code stays, for whoever debugs it). */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found; offline?',
  EAI_AGAIN: 'host name lookup failed; offline?',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed',
  ETIMEDOUT: 'timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
};

const MAX_REPLY_BYTES = 512 * 1024;
const TIMEOUT_MS = 30_000;

export interface Stamp {
  /** The TimeStampResp exactly as received (DER). */
  reply: Buffer;
  facts: TokenFacts;
  tsaUrl: string;
}

/** Asks `tsaUrl` to stamp a SHA-256 digest (hex) and checks the reply before returning it. */
export async function requestStamp(tsaUrl: string, digestHex: string, signal?: AbortSignal): Promise<Stamp> {
  const problem = tsaUrlProblem(tsaUrl);
  if (problem || tsaUrl === '') throw new TsaError(problem ?? 'No time-stamping authority is set (Settings).');
  const req = buildRequest(digestHex);
  const host = new URL(tsaUrl).host;
  let res: Response;
  try {
    res = await fetch(tsaUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: new Uint8Array(req.der),
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? '';
    const why =
      (e as Error).name === 'TimeoutError'
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : code in NETWORK_WORDS
          ? `${NETWORK_WORDS[code]}, ${code}`
          : (code || cause?.message || (e as Error).message);
    throw new TsaError(`Could not reach the time-stamping authority ${host} (${why}). Nothing was lost: time-stamp again when online.`);
  }
  if (!res.ok) throw new TsaError(`The time-stamping authority ${host} answered HTTP ${res.status} ${res.statusText}. Nothing was lost: try again later.`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_REPLY_BYTES) throw new TsaError(`The time-stamping authority ${host} sent ${body.length} bytes, far more than a time-stamp; refused.`);
  try {
    return { reply: body, facts: await acceptReply(body, req), tsaUrl };
  } catch (e) {
    if (e instanceof TokenError) throw new TsaError(`The reply of ${host} was refused: ${e.message}`);
    throw e;
  }
}
