// Export format "bagit": a BagIt 1.0 bag (RFC 8493), the archival hand-over package.
//
//   bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt, tagmanifest-sha256.txt, tagmanifest-sha512.txt
//   data/originals/<file>        each original, byte for byte
//   data/xmp/<file>.xmp          an XMP sidecar per photo
//   data/xmp/damage-archive.config  ExifTool's definitions of our XMP namespace (exiftool -config)
//   data/annotations/archive.json       everything needed to restore an archive (see archive-json.ts)
//   data/annotations/coco.json          COCO (file_name = the name under data/originals/)
//   data/annotations/annotations.jsonld W3C Web Annotation
//   data/annotations/photos.csv         CSV
//   data/annotations/sites.geojson      the sites of these photos (only when there are any)
//   timestamps/chain-head.tsr, tagmanifest-sha256.txt.tsr   RFC 3161 tokens, when a TSA is set (see timestamp/bag-tokens.ts)
//
// Evidence rule: the SHA-256 in the manifest is the one the archive recorded at import. The copy is
// hashed as it is written and must give that hash (else the original changed since import), and the
// finished bag is validated from disk before it is handed to the runner, which renames it into place
// only then. sha512 is written too because some repositories require it; it costs one more digest of
// bytes already being read.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pkg from '../../../package.json';
import { formatBagInfo, formatManifest, humanSize, localDate, type BagInfoElement } from '../bag/format';
import { copyHashing, type Digests } from '../bag/hash';
import { describeProblems, validateBag } from '../bag/validate';
import { forEachPhoto, GENERATOR_NAME } from './annotation-data';
import { buildArchiveJson } from './archive-json';
import { buildCoco } from './coco';
import { buildGeoJson } from './geojson';
import type { ExportPhoto, ExportSet } from './collect';
import { buildCsv } from './csv';
import { buildWebAnnotations } from './webanno';
import { ExportCancelled, type ExportContext, type ExportWriter } from './writer';
import { sidecarXml } from './xmp';
import { EXIFTOOL_CONFIG, EXIFTOOL_CONFIG_NAME } from './exiftool-config';
import { needsCopy } from './profile';
import { CHAIN_HEAD_TOKEN, CHAIN_HEAD_TOKEN_DIR, TAG_MANIFEST_STAMPED, TAG_MANIFEST_TOKEN } from '../timestamp/bag-tokens';
import { copyName, sharedCopy, sharedCopyNote, type SharedCopyRecord } from './redact';

export const BAG_ALGORITHMS = ['sha256', 'sha512'] as const;
export const SOFTWARE_AGENT = `${GENERATOR_NAME} ${pkg.version}`;
export const ORIGINALS_DIR = 'data/originals';
export const ANNOTATIONS_DIR = 'data/annotations';
export const XMP_DIR = 'data/xmp';
/** Share bags: re-rendered copies (redacted, metadata stripped) standing in for originals that carry what the profile removes. */
export const SHARED_DIR = 'data/shared';

/** Longest name we write, in UTF-8 bytes: file systems allow 255, and ".xmp" and a hash suffix must still fit. */
const MAX_NAME_BYTES = 200;

function splitExt(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { stem: name.slice(0, dot), ext: name.slice(dot) } : { stem: name, ext: '' };
}

function truncateBytes(s: string, max: number): string {
  let out = s;
  while (Buffer.byteLength(out) > max) out = Array.from(out).slice(0, -1).join('');
  return out;
}

/**
 * The file name of each photo under data/originals/: its own name, as it was (spaces, quotes,
 * Cyrillic, even line breaks, which the manifests percent-encode). Names that would clash on a
 * case-insensitive or normalizing file system (macOS, Windows) get "~" and the start of their
 * SHA-256 before the extension, in export order: the first keeps its name, so the result depends
 * only on the photos and their order.
 */
export function payloadNames(photos: ExportPhoto[]): Map<number, string> {
  const taken = new Set<string>();
  const fold = (n: string) => n.normalize('NFC').toLowerCase();
  const names = new Map<number, string>();
  for (const p of photos) {
    const sha = p.photo.sha256 ?? String(p.photo.id);
    // A catalogued name cannot hold "/" or NUL, but a bag must never be steered outside its folder.
    let base = p.photo.fileName.replace(/[/\\\0]/g, '_');
    if (base === '' || base === '.' || base === '..') base = `photo-${sha.slice(0, 8)}`;
    const { stem, ext } = splitExt(base);
    const safeExt = truncateBytes(ext, 20);
    base = truncateBytes(stem, MAX_NAME_BYTES - Buffer.byteLength(safeExt)) + safeExt;
    let name = base;
    for (let n = 1; taken.has(fold(name)); n++) {
      const s = splitExt(base);
      const suffix = `~${sha.slice(0, 8)}${n > 1 ? `-${n}` : ''}`;
      name = `${truncateBytes(s.stem, MAX_NAME_BYTES - suffix.length - Buffer.byteLength(s.ext))}${suffix}${s.ext}`;
    }
    taken.add(fold(name));
    names.set(p.photo.id, name);
  }
  return names;
}

interface PayloadFile {
  path: string;
  size: number;
  digests: Digests;
}

function isAbort(err: unknown): boolean {
  return (err as Error | null)?.name === 'AbortError';
}

async function writeBytes(bagDir: string, rel: string, bytes: Buffer): Promise<PayloadFile> {
  await fs.writeFile(path.join(bagDir, ...rel.split('/')), bytes, { flag: 'wx' });
  const digests = Object.fromEntries(BAG_ALGORITHMS.map((a) => [a, createHash(a).update(bytes).digest('hex')]));
  return { path: rel, size: bytes.length, digests };
}

async function copyOriginal(bagDir: string, rel: string, p: ExportPhoto, ctx: ExportContext): Promise<PayloadFile> {
  let copied;
  try {
    copied = await copyHashing(p.originalPath, path.join(bagDir, ...rel.split('/')), [...BAG_ALGORITHMS], ctx.signal);
  } catch (err) {
    if (isAbort(err) || ctx.signal.aborted) throw new ExportCancelled();
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`The original of ${p.photo.fileName} is missing (${p.originalPath}); locate it (Locate… or relink) before exporting a bag.`, { cause: err });
    }
    throw err;
  }
  if (copied.digests.sha256 !== p.photo.sha256) {
    throw new Error(
      `The original of ${p.photo.fileName} (${p.originalPath}) no longer has the SHA-256 recorded at import (${p.photo.sha256}, now ${copied.digests.sha256}); ` +
        'it changed since it was catalogued, so it is not put into the bag. Run verify.',
    );
  }
  return { path: rel, size: copied.size, digests: copied.digests };
}

function manifests(prefix: 'manifest' | 'tagmanifest', files: PayloadFile[]): Array<{ name: string; text: string }> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return BAG_ALGORITHMS.map((a) => ({ name: `${prefix}-${a}.txt`, text: formatManifest(sorted.map((f) => ({ checksum: f.digests[a]!, path: f.path }))) }));
}

export function bagInfo(ctx: ExportContext, payload: PayloadFile[], now: Date, custody?: ExportSet['custody']): BagInfoElement[] {
  const bytes = payload.reduce((s, f) => s + f.size, 0);
  const given: BagInfoElement[] = [
    { label: 'Source-Organization', value: ctx.options.sourceOrganization },
    { label: 'Contact-Name', value: ctx.options.contactName },
    { label: 'External-Description', value: ctx.options.externalDescription },
  ];
  return [
    // Fields the user left empty are left out rather than written blank.
    ...given.filter((e) => e.value.trim() !== ''),
    { label: 'Bagging-Date', value: localDate(now) },
    { label: 'Payload-Oxum', value: `${bytes}.${payload.length}` },
    { label: 'Bag-Size', value: humanSize(bytes) },
    { label: 'Bag-Software-Agent', value: SOFTWARE_AGENT },
    // The exporting archive's history chain head (see archive.json "custody" and the README).
    ...(custody ? [{ label: 'Damage-Archive-History-Chain-Head', value: `${custody.chainHead.hash} (entry ${custody.chainHead.historyId ?? 'none'}, ${custody.chainHead.entries} entries, ${custody.chainFormat})` }] : []),
  ];
}

export const write: ExportWriter = async (set: ExportSet, target: string, ctx: ExportContext) => {
  for (const dir of ['', ORIGINALS_DIR, XMP_DIR, ANNOTATIONS_DIR]) await fs.mkdir(path.join(target, ...dir.split('/')), { recursive: dir !== '' });
  const names = payloadNames(set.photos);
  const payloadPathOf = new Map<string, string>();
  const copies = new Map<number, SharedCopyRecord>();
  const payload: PayloadFile[] = [];
  const remove = new Set(set.share?.remove ?? []);

  payload.push(await writeBytes(target, `${XMP_DIR}/${EXIFTOOL_CONFIG_NAME}`, Buffer.from(EXIFTOOL_CONFIG, 'utf8')));
  await forEachPhoto(set, ctx, async (p) => {
    const name = names.get(p.photo.id)!;
    if (set.share && needsCopy(p, remove)) {
      // The original carries what this profile removes (a region to hide, GPS, serials…): a copy goes instead.
      if (copies.size === 0) await fs.mkdir(path.join(target, ...SHARED_DIR.split('/')));
      const { bytes, record } = await sharedCopy(p, set.share.redaction, remove, copyName(name));
      payload.push(await writeBytes(target, `${SHARED_DIR}/${record.fileName}`, bytes));
      payloadPathOf.set(record.sha256, `${SHARED_DIR}/${record.fileName}`);
      copies.set(p.photo.id, record);
      ctx.sharedCopy?.(p.photo.id, record, sharedCopyNote(p.photo.fileName, record));
    } else {
      payload.push(await copyOriginal(target, `${ORIGINALS_DIR}/${name}`, p, ctx));
      payloadPathOf.set(p.photo.sha256!, `${ORIGINALS_DIR}/${name}`);
    }
    payload.push(await writeBytes(target, `${XMP_DIR}/${name}.xmp`, Buffer.from(sidecarXml(p, set), 'utf8')));
  });

  const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 1)}\n`, 'utf8');
  const archiveJson = buildArchiveJson(set, (sha) => payloadPathOf.get(sha)!, SOFTWARE_AGENT, copies);
  payload.push(await writeBytes(target, `${ANNOTATIONS_DIR}/archive.json`, json(archiveJson)));
  const imageName = (p: ExportPhoto) => copies.get(p.photo.id)?.fileName ?? names.get(p.photo.id)!;
  payload.push(await writeBytes(target, `${ANNOTATIONS_DIR}/coco.json`, json(buildCoco(set, { fileNameOf: imageName }))));
  payload.push(await writeBytes(target, `${ANNOTATIONS_DIR}/annotations.jsonld`, json(buildWebAnnotations(set))));
  payload.push(await writeBytes(target, `${ANNOTATIONS_DIR}/photos.csv`, Buffer.from(buildCsv(set, { bom: ctx.options.bom }), 'utf8')));
  if (set.sites?.sites.length) payload.push(await writeBytes(target, `${ANNOTATIONS_DIR}/sites.geojson`, json(buildGeoJson(set, ctx.options))));
  if (ctx.signal.aborted) throw new ExportCancelled();

  const tags: PayloadFile[] = [];
  for (const m of manifests('manifest', payload)) tags.push(await writeBytes(target, m.name, Buffer.from(m.text, 'utf8')));
  // Time-stamps (when a TSA is set; see timestamp/bag-tokens.ts for what is hashed over what).
  const headToken = await ctx.stamper?.chainHeadToken(set);
  if (headToken) {
    await fs.mkdir(path.join(target, CHAIN_HEAD_TOKEN_DIR));
    tags.push(await writeBytes(target, CHAIN_HEAD_TOKEN, headToken));
  }
  tags.push(await writeBytes(target, 'bagit.txt', Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', 'utf8')));
  tags.push(await writeBytes(target, 'bag-info.txt', Buffer.from(formatBagInfo(bagInfo(ctx, payload, new Date(), set.custody)), 'utf8')));
  for (const m of manifests('tagmanifest', tags)) {
    const bytes = Buffer.from(m.text, 'utf8');
    await writeBytes(target, m.name, bytes);
    if (m.name !== TAG_MANIFEST_STAMPED || !ctx.stamper) continue;
    const token = await ctx.stamper.tagManifestToken(bytes);
    if (token) await writeBytes(target, TAG_MANIFEST_TOKEN, token);
  }

  // Read the whole bag back from disk, as its recipient will, before it may be renamed into place.
  let report;
  try {
    report = await validateBag(target, { signal: ctx.signal });
  } catch (err) {
    if (isAbort(err) || ctx.signal.aborted) throw new ExportCancelled();
    throw err;
  }
  if (!report.valid) throw new Error(`The bag failed its final check, so it was not kept: ${describeProblems(report).join(' ')}`);
};
