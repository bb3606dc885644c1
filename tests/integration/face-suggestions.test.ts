// Suggested redactions: faces found offline (face-api's SSD MobileNet, weights from the npm package,
// TensorFlow.js on WebAssembly) come back as unconfirmed "redact: face" regions, which hide nothing
// until accepted. The test picture is sample1.jpg from @vladmandic/face-api's demo folder (shipped in
// the npm package: a real photograph of people), copied before use.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { tempDir } from '../helpers/fixtures';

const require = createRequire(import.meta.url);
const SAMPLE = path.join(path.dirname(require.resolve('@vladmandic/face-api')), '..', 'demo', 'sample1.jpg');

/** Mean absolute difference between the original (upright) and a copy inside a normalized box. */
async function diffInside(a: string, b: string, box: { x: number; y: number; w: number; h: number }): Promise<number> {
  const A = await sharp(a).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const B = await sharp(b).removeAlpha().raw().toBuffer();
  const W = A.info.width;
  const H = A.info.height;
  let sum = 0;
  let n = 0;
  for (let y = Math.ceil(box.y * H) + 2; y < Math.floor((box.y + box.h) * H) - 2; y++) {
    for (let x = Math.ceil(box.x * W) + 2; x < Math.floor((box.x + box.w) * W) - 2; x++) {
      for (let c = 0; c < 3; c++) {
        sum += Math.abs(A.data[(y * W + x) * 3 + c]! - B[(y * W + x) * 3 + c]!);
        n++;
      }
    }
  }
  return sum / n;
}

describe('suggested face redactions', () => {
  let session: ArchiveSession;
  let photoId: number;
  let file: string;

  beforeAll(async () => {
    const src = tempDir('faces-src-');
    file = path.join(src, 'people.jpg');
    fs.copyFileSync(SAMPLE, file);
    session = new ArchiveSession(tempDir('faces-archive-'), { host: 'web' });
    await session.api.startImport({ paths: [src], mode: 'reference' });
    await session.idle();
    photoId = (await session.api.listPhotos({}))[0]!.id;
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });

  async function exportImages(out: string): Promise<{ fileName: string; redacted: unknown[] }> {
    let last: ExportProgress | null = null;
    const stop = session.onEvent((e) => {
      if (e.type === 'export-progress') last = e.progress;
    });
    await session.api.startExport({ format: 'images', out, photoIds: [photoId], options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', share: { actors: 'names', remove: [], redaction: 'black' } } });
    await session.exportIdle();
    stop();
    expect(last!.state, last!.message ?? '').toBe('done');
    return JSON.parse(fs.readFileSync(path.join(out, 'images.json'), 'utf8')).images[0];
  }

  it('finds the faces as unconfirmed regions that hide nothing until accepted', async () => {
    const r = await session.api.suggestRedactions({ photoId });
    expect(r.found).toBeGreaterThanOrEqual(1);
    expect(r.suggested.length).toBe(r.found);
    for (const s of r.suggested) expect(s).toMatchObject({ redact: 'face', redactState: 'suggested', geometry: { type: 'rect' } });
    const face = r.suggested[0]!;
    const g = face.geometry as { x: number; y: number; w: number; h: number };

    const beforeDir = path.join(tempDir('faces-out-'), 'suggested');
    const before = await exportImages(beforeDir);
    expect(before.redacted).toEqual([]);
    expect(await diffInside(file, path.join(beforeDir, before.fileName), g)).toBeLessThan(6); // only JPEG re-encoding

    await session.api.updateRegion({ id: face.id, redactState: 'confirmed' });
    for (const other of r.suggested.slice(1)) await session.api.deleteRegion({ id: other.id }); // rejected
    const outDir = path.join(tempDir('faces-out-'), 'accepted');
    const after = await exportImages(outDir);
    expect(after.redacted).toHaveLength(1);
    expect(await diffInside(file, path.join(outDir, after.fileName), g)).toBeGreaterThan(20);

    // Asking again suggests only faces not already covered (the rejected ones come back, the accepted one does not).
    const again = await session.api.suggestRedactions({ photoId });
    expect(again.found).toBe(r.found);
    expect(again.suggested.length).toBe(r.found - 1);
  }, 180_000);
});
