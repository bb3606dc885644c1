// The boundary both hosts share: validate a method call from the renderer, run it, report errors plainly.
import { z } from 'zod';
import { apiSchema, isApiMethod, type ApiHandlers, type ApiMethod } from '../../shared/api';
import { ConflictError, InvalidRequestError, NotFoundError } from '../catalog/errors';

export type DispatchResult = { ok: true; value: unknown } | { ok: false; status: number; error: string };

export async function dispatch(api: ApiHandlers, method: unknown, payload: unknown): Promise<DispatchResult> {
  if (!isApiMethod(method)) return { ok: false, status: 404, error: `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.` };
  const parsed = apiSchema[method].input.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, status: 400, error: `Invalid request for ${method}: ${z.prettifyError(parsed.error)}` };
  try {
    const call = api[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await call(parsed.data) };
  } catch (err) {
    const status = err instanceof NotFoundError ? 404 : err instanceof ConflictError ? 409 : err instanceof InvalidRequestError ? 400 : 500;
    return { ok: false, status, error: err instanceof Error ? err.message : String(err) };
  }
}

export type { ApiMethod };
