// Time-stamp tokens in a bag, and their offline check (verify-bag).
//
// What is hashed over what:
//   timestamps/chain-head.tsr    stamps the history chain head the bag declares (bag-info.txt
//                                Damage-Archive-History-Chain-Head; imprint = that SHA-256). It is a
//                                tag file listed in the tag manifests like bag-info.txt.
//   tagmanifest-sha256.txt       lists every tag file (bagit.txt, bag-info.txt, both payload
//                                manifests, timestamps/chain-head.tsr) and so, through the payload
//                                manifests, every payload byte.
//   tagmanifest-sha256.txt.tsr   stamps tagmanifest-sha256.txt itself (imprint = SHA-256 of its
//                                bytes). A token cannot be listed in the manifest it stamps, so this
//                                file is in no manifest; changing it cannot hide a change anywhere
//                                else, because its check fails unless the tag manifest is untouched.
// Both are TimeStampResp DER, as the TSA sent them (`openssl ts -verify -in FILE` reads them).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TimestampCheck } from '../../../shared/api';
import { parseBagInfo } from '../bag/format';
import { BAG_READ_LIMITS, readRegular } from '../bag/safe-read';
import { checkToken, sha256Hex } from './rfc3161';
import { checkResult } from './store';

export const TAG_MANIFEST_STAMPED = 'tagmanifest-sha256.txt';
export const TAG_MANIFEST_TOKEN = 'tagmanifest-sha256.txt.tsr';
export const CHAIN_HEAD_TOKEN_DIR = 'timestamps';
export const CHAIN_HEAD_TOKEN = `${CHAIN_HEAD_TOKEN_DIR}/chain-head.tsr`;
export const CHAIN_HEAD_FIELD = 'Damage-Archive-History-Chain-Head';

const MAX_TOKEN_BYTES = 512 * 1024;

const exists = (p: string) =>
  fs.lstat(p).then(
    () => true,
    () => false,
  );

/** The chain head hash a bag declares in bag-info.txt, or null. */
export function declaredChainHead(bagInfoText: string): string | null {
  const v = parseBagInfo(bagInfoText).elements.find((e) => e.label.toLowerCase() === CHAIN_HEAD_FIELD.toLowerCase())?.value;
  return /^([0-9a-f]{64})\b/.exec(v ?? '')?.[1] ?? null;
}

/** Checks the tokens a bag carries (none: an empty list). Files are read as the bag validator reads them: no links followed. */
export async function checkBagTimestamps(bag: string): Promise<TimestampCheck[]> {
  const out: TimestampCheck[] = [];
  const read = (rel: string, limit: number) => readRegular(path.join(bag, ...rel.split('/')), rel, limit);
  const base = (file: string, subject: 'chain' | 'bag', label: string, digest: string) => ({ subject, label, historyId: null, file, digestSha256: digest, tsaUrl: null });
  const fail = (file: string, subject: 'chain' | 'bag', label: string, detail: string): TimestampCheck => ({ ...base(file, subject, label, ''), genTime: null, tsa: null, ok: false, detail });

  if (await exists(path.join(bag, TAG_MANIFEST_TOKEN))) {
    const label = `Tag manifest ${TAG_MANIFEST_STAMPED}`;
    try {
      const token = await read(TAG_MANIFEST_TOKEN, MAX_TOKEN_BYTES);
      const manifest = await read(TAG_MANIFEST_STAMPED, BAG_READ_LIMITS.manifest);
      const digest = sha256Hex(manifest);
      const c = await checkToken(token, digest);
      out.push(checkResult(base(TAG_MANIFEST_TOKEN, 'bag', label, digest), c.ok ? c : { ...c, detail: `${TAG_MANIFEST_STAMPED}: ${c.detail}` }));
    } catch (e) {
      out.push(fail(TAG_MANIFEST_TOKEN, 'bag', label, `${TAG_MANIFEST_TOKEN} cannot be checked: ${(e as Error).message}`));
    }
  }
  if (await exists(path.join(bag, ...CHAIN_HEAD_TOKEN.split('/')))) {
    const label = 'History chain head declared in bag-info.txt';
    try {
      const token = await read(CHAIN_HEAD_TOKEN, MAX_TOKEN_BYTES);
      const head = declaredChainHead((await read('bag-info.txt', BAG_READ_LIMITS.bagInfoTxt)).toString('utf8'));
      if (!head) out.push(fail(CHAIN_HEAD_TOKEN, 'chain', label, `bag-info.txt declares no ${CHAIN_HEAD_FIELD}, so ${CHAIN_HEAD_TOKEN} stamps nothing this bag names.`));
      else {
        const c = await checkToken(token, head);
        out.push(checkResult(base(CHAIN_HEAD_TOKEN, 'chain', label, head), c.ok ? c : { ...c, detail: `Chain head ${head}: ${c.detail}` }));
      }
    } catch (e) {
      out.push(fail(CHAIN_HEAD_TOKEN, 'chain', label, `${CHAIN_HEAD_TOKEN} cannot be checked: ${(e as Error).message}`));
    }
  }
  return out;
}
