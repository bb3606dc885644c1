// CLI: `timestamp` (stamp the history chain head, or an exported bag's tag manifest, at the
// archive's time-stamping authority) and the lines verify and verify-bag print for each token.
import fs from 'node:fs';
import path from 'node:path';
import type { TimestampCheck } from '../../shared/api';
import type { Archive } from '../catalog/archive';
import { TAG_MANIFEST_STAMPED, TAG_MANIFEST_TOKEN } from '../catalog/timestamp/bag-tokens';
import { checkToken, sha256Hex } from '../catalog/timestamp/rfc3161';
import { stampChainHead, storeToken, tsaUrlOf } from '../catalog/timestamp/store';
import { requestStamp, TsaError, tsaUrlProblem } from '../catalog/timestamp/tsa-client';

export const TIMESTAMP_USAGE = `  timestamp --archive <dir> [--tsa <url>] [--bag <bag>]
      Time-stamp the history chain head (RFC 3161) at the archive's time-stamping authority (set in
      Settings, or here with --tsa <url>; --tsa "" clears it). With --bag, time-stamp that exported
      bag's tagmanifest-sha256.txt instead (for a bag exported while offline): the token is written
      as <bag>/${TAG_MANIFEST_TOKEN}. Nothing is contacted unless an authority is set.`;

/** One line per token, for verify and verify-bag. */
export function printTimestampChecks(checks: TimestampCheck[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, none?: string): void {
  if (checks.length === 0 && none) out.write(`${none}\n`);
  for (const c of checks) {
    const where = c.file ? ` (${c.file})` : '';
    if (c.ok) out.write(`Time-stamp OK: ${c.label}${where}: ${c.genTime} by ${c.tsa}.\n`);
    else err.write(`TIME-STAMP FAILED: ${c.label}${where}: ${c.detail}\n`);
  }
}

export async function timestampCommand(
  archive: Archive,
  o: { tsa: string | undefined; bag: string | undefined; json: boolean },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  if (o.tsa !== undefined) {
    const url = o.tsa.trim();
    const problem = tsaUrlProblem(url);
    if (problem) {
      err.write(`${problem}\n`);
      return 2;
    }
    archive.db.prepare("INSERT INTO settings (key, value) VALUES ('tsaUrl', ?) ON CONFLICT DO UPDATE SET value = excluded.value").run(url);
    out.write(url ? `Time-stamping authority set: ${url}\n` : 'Time-stamping authority cleared: nothing will be contacted.\n');
    if (url === '') return 0;
  }
  try {
    if (o.bag === undefined) {
      const r = await stampChainHead(archive.db);
      if (o.json) out.write(`${JSON.stringify(r, null, 2)}\n`);
      else out.write(`${r.already ? 'Already time-stamped' : 'Time-stamped'}: history chain head, entry ${r.historyId} (${r.hash}), at ${r.genTime} by ${r.tsa}.\n`);
      return 0;
    }
    return await stampBag(archive, o.bag, o.json, out, err);
  } catch (e) {
    if (!(e instanceof TsaError)) throw e;
    err.write(`${e.message}\n`);
    return 9;
  }
}

async function stampBag(archive: Archive, bag: string, json: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const manifestPath = path.join(bag, TAG_MANIFEST_STAMPED);
  const st = fs.lstatSync(manifestPath, { throwIfNoEntry: false });
  if (!st?.isFile()) {
    err.write(`${bag} has no ${TAG_MANIFEST_STAMPED} (a regular file) to time-stamp.\n`);
    return 1;
  }
  const digest = sha256Hex(fs.readFileSync(manifestPath));
  const tokenPath = path.join(bag, TAG_MANIFEST_TOKEN);
  if (fs.existsSync(tokenPath)) {
    const c = await checkToken(fs.readFileSync(tokenPath), digest);
    if (c.ok) {
      out.write(`Already time-stamped: ${TAG_MANIFEST_STAMPED} at ${c.genTime} by ${c.tsaSubject}.\n`);
      return 0;
    }
    err.write(`${tokenPath} is there but does not fit (${c.detail}); it is left as it is. Move it away to stamp the bag again.\n`);
    return 1;
  }
  if (tsaUrlOf(archive.db) === '') throw new TsaError('No time-stamping authority is set: give its URL in Settings or with --tsa <url>.');
  const stamp = await requestStamp(tsaUrlOf(archive.db), digest);
  // 'wx': never replaces a file that appeared meanwhile.
  fs.writeFileSync(tokenPath, stamp.reply, { flag: 'wx' });
  storeToken(archive.db, { subject: 'bag', historyId: null, label: `Bag ${path.resolve(bag)}: ${TAG_MANIFEST_STAMPED}`, digestSha256: digest, stamp });
  if (json) out.write(`${JSON.stringify({ bag, token: tokenPath, genTime: stamp.facts.genTime, tsa: stamp.facts.tsaSubject }, null, 2)}\n`);
  else out.write(`Time-stamped ${TAG_MANIFEST_STAMPED} of ${bag} at ${stamp.facts.genTime} by ${stamp.facts.tsaSubject}: ${tokenPath}\n`);
  return 0;
}
