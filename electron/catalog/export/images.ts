// Export format "images": a folder of shared copies, one JPEG per photo, rendered upright with the
// regions marked "redact" hidden and none of the original's own metadata (see redact.ts), plus
// images.json recording each copy's SHA-256 beside its original's and the regions hidden, so a
// recipient can check the copies and a court can tie each one to the original it came from.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SHARE } from '../../../shared/api';
import { forEachPhoto, GENERATOR_NAME } from './annotation-data';
import { payloadNames } from './bagit';
import type { ExportSet } from './collect';
import { copyName, sharedCopy, sharedCopyNote, type SharedCopyRecord } from './redact';
import type { ExportContext, ExportWriter } from './writer';

export const IMAGES_MANIFEST = 'images.json';

export const write: ExportWriter = async (set: ExportSet, target: string, ctx: ExportContext) => {
  await fs.mkdir(target);
  const share = set.share ?? ctx.options.share ?? DEFAULT_SHARE;
  const remove = new Set(set.share?.remove ?? []);
  const names = payloadNames(set.photos);
  const copies: Array<SharedCopyRecord & { photo: string }> = [];
  await forEachPhoto(set, ctx, async (p) => {
    const { bytes, record } = await sharedCopy(p, share.redaction, remove, copyName(names.get(p.photo.id)!));
    await fs.writeFile(path.join(target, record.fileName), bytes, { flag: 'wx' });
    copies.push({ photo: p.photo.fileName, ...record });
    ctx.sharedCopy?.(p.photo.id, record, sharedCopyNote(p.photo.fileName, record));
  });
  const doc = {
    format: 'damage-archive-shared-images',
    version: 1,
    generator: GENERATOR_NAME,
    generatedAt: set.generatedAt,
    profile: set.share ? 'share' : 'full',
    note: 'Each image is a re-rendered copy: upright, regions marked "redact" hidden, the original file\'s metadata not carried. sha256 is the copy\'s; originalSha256 is the original\'s as recorded at import.',
    images: copies,
  };
  await fs.writeFile(path.join(target, IMAGES_MANIFEST), `${JSON.stringify(doc, null, 1)}\n`, { flag: 'wx' });
};
