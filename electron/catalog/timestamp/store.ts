// Time-stamp tokens kept in the catalogue (timestamp_tokens, migration 0011), stamping the history
// chain head, and the offline check of every stored token.
//
// What a chain token proves: the TSA saw the SHA-256 entry hash of history entry N (the chain head
// then) at genTime, so the history up to N existed as it is at that time. The check re-derives the
// expected digest from history_chain (not from the row's own digest column, which anyone could
// edit): if the history before N was rewritten and re-chained, entry N's hash is no longer the one
// stamped, and the token says so.
import type { TimestampCheck } from '../../../shared/api';
import type { Db } from '../db';
import { chainHead } from '../custody/chain';
import { checkToken, type TokenFacts } from './rfc3161';
import { requestStamp, TsaError, type Stamp } from './tsa-client';

export function tsaUrlOf(db: Db): string {
  const r = db.prepare("SELECT value FROM settings WHERE key = 'tsaUrl'").get() as { value: string } | undefined;
  return r?.value.trim() ?? '';
}

export interface StoredToken {
  id: number;
  subject: 'chain' | 'bag';
  historyId: number | null;
  label: string;
  digestSha256: string;
  tsaUrl: string;
  genTime: string;
  token: Buffer;
}

export function storeToken(db: Db, t: { subject: 'chain' | 'bag'; historyId: number | null; label: string; digestSha256: string; stamp: Stamp }): number {
  const r = db
    .prepare('INSERT INTO timestamp_tokens (subject, history_id, label, digest_sha256, tsa_url, gen_time, token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(t.subject, t.historyId, t.label, t.digestSha256, t.stamp.tsaUrl, t.stamp.facts.genTime, t.stamp.reply, new Date().toISOString());
  return Number(r.lastInsertRowid);
}

export function listTokens(db: Db): StoredToken[] {
  return (
    db.prepare('SELECT id, subject, history_id, label, digest_sha256, tsa_url, gen_time, token FROM timestamp_tokens ORDER BY id').all() as Array<{
      id: number;
      subject: 'chain' | 'bag';
      history_id: number | null;
      label: string;
      digest_sha256: string;
      tsa_url: string;
      gen_time: string;
      token: Buffer;
    }>
  ).map((r) => ({ id: r.id, subject: r.subject, historyId: r.history_id, label: r.label, digestSha256: r.digest_sha256, tsaUrl: r.tsa_url, genTime: r.gen_time, token: r.token }));
}

export const chainLabel = (historyId: number) => `History chain head (entry ${historyId})`;

export interface ChainStamp {
  historyId: number;
  hash: string;
  genTime: string;
  tsa: string | null;
  tsaUrl: string;
  /** The head already had a token: it is returned, the TSA is not asked again. */
  already: boolean;
}

/** Time-stamps the current chain head at the TSA set in Settings. Throws TsaError (nothing stored) when it cannot. */
export async function stampChainHead(db: Db, signal?: AbortSignal): Promise<ChainStamp> {
  const url = tsaUrlOf(db);
  if (url === '') throw new TsaError('No time-stamping authority is set: give its URL in Settings first.');
  const head = chainHead(db);
  if (head.historyId === null) throw new TsaError('The history is empty: there is nothing to time-stamp yet.');
  const have = listTokens(db).find((t) => t.subject === 'chain' && t.historyId === head.historyId && t.digestSha256 === head.hash);
  if (have) {
    const c = await checkToken(have.token, head.hash);
    if (c.ok) return { historyId: head.historyId, hash: head.hash, genTime: c.genTime, tsa: c.tsaSubject, tsaUrl: have.tsaUrl, already: true };
  }
  const stamp = await requestStamp(url, head.hash, signal);
  storeToken(db, { subject: 'chain', historyId: head.historyId, label: chainLabel(head.historyId), digestSha256: head.hash, stamp });
  return { historyId: head.historyId, hash: head.hash, genTime: stamp.facts.genTime, tsa: stamp.facts.tsaSubject, tsaUrl: url, already: false };
}

export function checkResult(base: Omit<TimestampCheck, 'genTime' | 'tsa' | 'ok' | 'detail'>, c: TokenFacts & { ok: boolean; detail: string }): TimestampCheck {
  return { ...base, genTime: c.genTime || null, tsa: c.tsaSubject, ok: c.ok, detail: c.detail };
}

/** Every stored token checked offline (verify). */
export async function checkStoredTokens(db: Db): Promise<TimestampCheck[]> {
  const hashOf = db.prepare('SELECT entry_hash FROM history_chain WHERE history_id = ?');
  const out: TimestampCheck[] = [];
  for (const t of listTokens(db)) {
    const base = { subject: t.subject, label: t.label, historyId: t.historyId, file: null, digestSha256: t.digestSha256, tsaUrl: t.tsaUrl };
    if (t.subject === 'chain') {
      const link = t.historyId === null ? undefined : (hashOf.get(t.historyId) as { entry_hash: string } | undefined);
      if (!link) {
        out.push({ ...base, genTime: t.genTime, tsa: null, ok: false, detail: `History entry ${t.historyId} that this token stamps is no longer in the chain.` });
        continue;
      }
      const c = await checkToken(t.token, link.entry_hash);
      out.push(
        checkResult(
          { ...base, digestSha256: link.entry_hash },
          c.ok ? { ...c, detail: `History up to entry ${t.historyId} existed as it is now at ${c.genTime}: ${c.detail}` } : { ...c, detail: `History up to entry ${t.historyId}: ${c.detail}` },
        ),
      );
    } else {
      // The bag itself is elsewhere (verify-bag checks it against its own tag manifest); here the
      // token is checked against the tag manifest digest recorded when it was stamped.
      out.push(checkResult(base, await checkToken(t.token, t.digestSha256)));
    }
  }
  return out;
}
