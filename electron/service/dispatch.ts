// The boundary both hosts share: validate a method call from the renderer, run it, report errors plainly.
import { z } from 'zod';
import { apiSchema, isApiMethod, type ApiHandlers, type ApiMethod } from '../../shared/api';
import { ConflictError, InvalidRequestError, NotFoundError } from '../catalog/errors';

export type DispatchResult = { ok: true; value: unknown } | { ok: false; status: number; error: string };

/** A request with thousands of bad fields gets a readable answer, not thousands of lines. */
const MAX_ISSUES_SHOWN = 5;

export async function dispatch(api: ApiHandlers, method: unknown, payload: unknown): Promise<DispatchResult> {
  if (!isApiMethod(method)) return { ok: false, status: 404, error: `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.` };
  const parsed = apiSchema[method].input.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, status: 400, error: `Invalid request for ${method}: ${describeIssues(parsed.error)}` };
  try {
    const call = api[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await call(parsed.data) };
  } catch (err) {
    if (err instanceof NotFoundError) return { ok: false, status: 404, error: err.message };
    if (err instanceof ConflictError) return { ok: false, status: 409, error: err.message };
    if (err instanceof InvalidRequestError) return { ok: false, status: 400, error: err.message };
    return { ok: false, status: 500, error: unexpectedError(method, err) };
  }
}

/** However large the request, the answer stays small (an 80,000-key body once got a 948 KB list of its keys). */
const MAX_ERROR_CHARS = 2000;
const MAX_KEY_CHARS = 40;

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map(shorten);
  const more = error.issues.length - shown.length;
  const text = z.prettifyError(new z.ZodError(shown)) + (more > 0 ? `\n(and ${more} more problems)` : '');
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}

/** One issue as it is reported: unknown keys listed up to MAX_ISSUES_SHOWN, each cut short, then counted. */
function shorten(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'unrecognized_keys') return issue;
  const cut = (k: string) => JSON.stringify(k.length > MAX_KEY_CHARS ? `${k.slice(0, MAX_KEY_CHARS)}…` : k);
  const listed = issue.keys.slice(0, MAX_ISSUES_SHOWN).map(cut).join(', ');
  const more = issue.keys.length - Math.min(issue.keys.length, MAX_ISSUES_SHOWN);
  const message = `Unrecognized key${issue.keys.length === 1 ? '' : 's'}: ${listed}${more > 0 ? ` and ${more} more` : ''}`;
  return { ...issue, keys: issue.keys.slice(0, MAX_ISSUES_SHOWN), message };
}

const PLAIN: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EACCES: 'permission was denied',
  EPERM: 'the operation was not permitted',
  EROFS: 'the archive is on a read-only disk',
  ENOENT: 'a file the archive needs is missing',
  EMFILE: 'too many files are open',
  SQLITE_BUSY: 'the catalogue is in use by another program',
  SQLITE_CORRUPT: 'the catalogue file is damaged (restore a backup)',
  SQLITE_FULL: 'the disk is full',
  SQLITE_READONLY: 'the catalogue cannot be written',
};

/** An absolute file path (POSIX, Windows drive or UNC) or a file: URL inside a message. */
const PATH_IN_TEXT = /(^|[\s'"(=:,])(\/[^\s'"]|[A-Za-z]:[\\/]|\\\\|file:)/;

/**
 * What the caller is told about a failure that is not its mistake. The error's own sentence when
 * it is one short line without a file path in it (e.g. "The backup … is damaged too"); otherwise
 * a plain sentence from its code, because the text may carry the server's file paths. Never a
 * stack. The details always go to the host's log (stderr).
 */
export function unexpectedError(method: string, err: unknown): string {
  console.error(`[${method}]`, err);
  const message = err instanceof Error ? err.message.trim() : '';
  if (message && message.length <= 300 && !message.includes('\n') && !PATH_IN_TEXT.test(message)) return message;
  const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : null;
  const known = code ? (PLAIN[code] ?? PLAIN[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')]) : undefined;
  return `Could not complete ${method}${known ? `: ${known}` : ''}${code ? ` (${code})` : ''}. The details are in the log of the program that runs the archive.`;
}

export type { ApiMethod };
