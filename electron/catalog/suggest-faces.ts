// Suggested redactions: faces found by detection become "redact: face" regions in state
// "suggested", which hide nothing until the user accepts each one (or rejects it: deletes it).
// Faces already covered by a region marked "redact" are not suggested again.
import type { Region } from '../../shared/api';
import { createRegion } from './annotate';
import { regionsOf, requirePhoto } from './annotations';
import { existingDerivedPath, originalFile, type Archive } from './archive';
import type { Editor } from './edits';
import { InvalidRequestError } from './errors';
import { boundsOf } from './export/annotation-data';
import { detectFaces, type FaceBox } from './faces';
import { getDetail, getRow } from './photos';
import { refuseSealed } from './review/state';

function overlap(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): number {
  const w = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = w * h;
  return inter === 0 ? 0 : inter / (a.w * a.h + b.w * b.h - inter);
}

export async function suggestFaceRedactions(archive: Archive, editor: Editor, photoId: number, detect: (file: string) => Promise<FaceBox[]> = detectFaces): Promise<{ found: number; suggested: Region[] }> {
  requirePhoto(archive.db, photoId);
  const photo = getDetail(archive.db, photoId)!;
  const row = getRow(archive.db, photoId)!;
  if (photo.status === 'error' || !photo.sha256) throw new InvalidRequestError(`${photo.fileName} could not be imported, so it has no picture to search for faces.`);
  // Suggestions are regions: refused before the detection runs, not after.
  refuseSealed(archive.db, [photoId]);
  // The preview is upright and small enough to be quick; the original (oriented on reading) otherwise.
  const file = photo.hasPreview ? existingDerivedPath(archive.dir, 'previews', photo.sha256) : originalFile(archive.dir, row);
  const faces = await detect(file);
  const covered = regionsOf(archive.db, photoId).filter((r) => r.redact !== null).map((r) => boundsOf(r.geometry));
  const suggested: Region[] = [];
  for (const f of faces) {
    if (covered.some((c) => overlap(c, f) > 0.3)) continue;
    // A little margin: detectors box the face tightly, and hair and ears identify people too.
    const mx = f.w * 0.15;
    const my = f.h * 0.15;
    const x = Math.max(0, f.x - mx);
    const y = Math.max(0, f.y - my);
    const geometry = { type: 'rect' as const, x, y, w: Math.min(1, f.x + f.w + mx) - x, h: Math.min(1, f.y + f.h + my) - y };
    suggested.push(
      createRegion(archive.db, editor, {
        photoId, geometry, classId: null, damageIds: [], severity: null, confidence: null,
        note: `Suggested by face detection (score ${f.score.toFixed(2)})`, redact: 'face', redactState: 'suggested',
      }),
    );
    covered.push(geometry);
  }
  return { found: faces.length, suggested };
}
