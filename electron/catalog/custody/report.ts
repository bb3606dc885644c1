// The custody report of one photo or a selection: the photo, its hashes, every custody event and
// edit in order with actor and time, the history chain check and any time-stamp tokens, as JSON (for
// machines and courts' experts) and as a printable, script-free HTML page (for people).
import pkg from '../../../package.json';
import type { HistoryEntry } from '../../../shared/api';
import { getDetail } from '../photos';
import type { Db } from '../db';
import { NotFoundError } from '../errors';
import { listTokens } from '../timestamp/store';
import { verifyChain, type ChainReport } from './chain';

export const CUSTODY_REPORT_FORMAT = 'damage-archive-custody-report/1';

export interface CustodyReport {
  format: typeof CUSTODY_REPORT_FORMAT;
  generator: string;
  generatedAt: string;
  chain: ChainReport;
  timestampTokens: Array<{ subject: string; historyId: number | null; label: string; digestSha256: string; tsaUrl: string; genTime: string; tokenBase64: string }>;
  photos: Array<{
    id: number;
    fileName: string;
    sha256: string | null;
    size: number;
    format: string | null;
    importedAt: string | null;
    withdrawn: { at: string; reason: string } | null;
    events: Array<{ historyId: number; at: string; actor: string; action: string; description: string; lines: string[]; details: unknown; entryHash: string | null }>;
  }>;
}

export function buildCustodyReport(db: Db, photoIds: number[], history: (photoId: number) => HistoryEntry[]): CustodyReport {
  const links = new Map(
    (db.prepare('SELECT history_id, entry_hash FROM history_chain').all() as Array<{ history_id: number; entry_hash: string }>).map((r) => [r.history_id, r.entry_hash]),
  );
  const photos = photoIds.map((id) => {
    const p = getDetail(db, id);
    if (!p) throw new NotFoundError(`No photo with id ${id} in this archive.`);
    const events = history(id)
      .slice()
      .sort((a, b) => a.id - b.id)
      .map((h) => ({
        historyId: h.id,
        at: h.at,
        actor: h.actor,
        action: h.action,
        description: h.description,
        lines: h.lines ?? [],
        details: h.newValue,
        entryHash: links.get(h.id) ?? null,
      }));
    return {
      id: p.id,
      fileName: p.fileName,
      sha256: p.sha256,
      size: p.size,
      format: p.format,
      importedAt: p.importedAt ?? null,
      withdrawn: p.withdrawn ?? null,
      events,
    };
  });
  const tokens = listTokens(db);
  return {
    format: CUSTODY_REPORT_FORMAT,
    generator: `${pkg.name} ${pkg.version}`,
    generatedAt: new Date().toISOString(),
    chain: verifyChain(db),
    timestampTokens: tokens.map(({ id: _id, token, ...t }) => ({ ...t, tokenBase64: token.toString('base64') })),
    photos,
  };
}

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained page: no script, no outside request (its CSP says so), prints on A4. */
export function custodyReportHtml(r: CustodyReport): string {
  const chain = r.chain.ok
    ? `History chain intact: ${r.chain.entries} entries; head ${esc(r.chain.head.hash)} (entry ${esc(r.chain.head.historyId ?? 'none')}).`
    : `History chain BROKEN at entry ${esc(r.chain.firstBad?.historyId)}: ${esc(r.chain.firstBad?.detail)}`;
  const photos = r.photos
    .map(
      (p) => `<section class="photo">
<h2>${esc(p.fileName)} <small>(photo ${p.id})</small></h2>
<table class="facts"><tr><th>SHA-256</th><td><code>${esc(p.sha256)}</code></td></tr>
<tr><th>Size</th><td>${p.size} bytes</td></tr><tr><th>Format</th><td>${esc(p.format)}</td></tr>
<tr><th>Catalogued</th><td>${esc(p.importedAt)}</td></tr>
${p.withdrawn ? `<tr><th>Withdrawn</th><td>${esc(p.withdrawn.at)}: ${esc(p.withdrawn.reason)}</td></tr>` : ''}</table>
<table class="events"><thead><tr><th>#</th><th>When (UTC)</th><th>Who</th><th>What</th></tr></thead><tbody>
${p.events
  .map(
    (e) => `<tr><td>${e.historyId}</td><td>${esc(e.at)}</td><td>${esc(e.actor)}</td><td><strong>${esc(e.action)}</strong> ${esc(e.description)}${e.lines
      .map((l) => `<br><span class="line">${esc(l)}</span>`)
      .join('')}<br><code class="hash">entry hash ${esc(e.entryHash ?? 'not in the chain')}</code></td></tr>`,
  )
  .join('\n')}
</tbody></table></section>`,
    )
    .join('\n');
  const tokens = r.timestampTokens.length
    ? `<ul>${r.timestampTokens.map((t) => `<li>${esc(t.genTime)}: ${esc(t.label)} (SHA-256 ${esc(t.digestSha256)}) from ${esc(t.tsaUrl)}</li>`).join('')}</ul>`
    : '<p>No trusted time-stamps (no time-stamping authority configured).</p>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Custody report</title>
<style>
body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#000}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #888;padding:3px 6px;text-align:left;vertical-align:top}
code{font-size:9pt;word-break:break-all}.line{display:inline-block;margin-left:1em}.hash{color:#444}
section.photo{page-break-before:always}@page{size:A4;margin:15mm}
</style></head><body>
<h1>Custody report</h1>
<p>Generated ${esc(r.generatedAt)} by ${esc(r.generator)} (${esc(r.format)}).</p>
<p class="chain">${chain}</p>
<h2>Trusted time-stamps</h2>${tokens}
${photos}
</body></html>
`;
}
