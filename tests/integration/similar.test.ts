// Near-duplicates: copies of real camera photos made the ways photos circulate (recompressed,
// resized, cropped, re-encoded as PNG, metadata stripped) must each find their original, and no
// unrelated photo may come within the threshold. Also: the "near-duplicates" filter against a
// direct SQL count, and "same image" / "not the same" decisions as undoable, recorded edits.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoQuery, type PhotoSummary } from '../../shared/api';
import { NEAR_DUPLICATE_DISTANCE } from '../../electron/catalog/similar/index';
import { phashOfRaster } from '../../electron/catalog/similar/phash';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, listJpegs, tempDir } from '../helpers/fixtures';

/** Originals with copies made of them; the other camera fixtures are the unrelated photos. */
const ORIGINALS = ['Canon_DIGITAL_IXUS_400.jpg', 'Fujifilm_FinePix_E500.jpg', 'Kodak_CX7530.jpg', 'Nikon_D70.jpg', 'Olympus_C8080WZ.jpg', 'Pentax_K10D.jpg'];
/** Fixtures that are themselves near-duplicates of each other (the same scene, edited): not "unrelated". */
const RELATED_FIXTURES = [['Canon_40D.jpg', 'Canon_40D_photoshop_import.jpg']];

type Variant = 'q40' | 'half' | 'crop10' | 'png' | 'stripped';
const VARIANTS: Variant[] = ['q40', 'half', 'crop10', 'png', 'stripped'];

let dir: string;
let session: ArchiveSession;
let byName: Map<string, PhotoSummary>;

async function makeVariant(src: string, v: Variant, out: string): Promise<string> {
  const upright = sharp(src).rotate();
  const { width, height } = await sharp(await upright.clone().toBuffer()).metadata();
  const file = path.join(out, `${path.parse(src).name}.${v}.${v === 'png' ? 'png' : 'jpg'}`);
  switch (v) {
    case 'q40':
      await upright.jpeg({ quality: 40 }).toFile(file);
      break;
    case 'half':
      await upright.resize(Math.round(width! / 2)).jpeg({ quality: 85 }).toFile(file);
      break;
    case 'crop10': // 10 % off, unevenly: 3 % from the left, 7 % from the top
      await upright
        .extract({ left: Math.round(width! * 0.03), top: Math.round(height! * 0.07), width: Math.round(width! * 0.9), height: Math.round(height! * 0.9) })
        .jpeg({ quality: 90 })
        .toFile(file);
      break;
    case 'png':
      await upright.png().toFile(file);
      break;
    case 'stripped': // the same pixels with every metadata block removed, as social media does
      fs.copyFileSync(src, file);
      execFileSync('exiftool', ['-q', '-overwrite_original', '-all=', file]);
      break;
  }
  return file;
}

beforeAll(async () => {
  dir = tempDir();
  const photos = tempDir('similar-photos-');
  const unrelated = listJpegs(CAMERAS).filter((f) => !/^xmp__|^corrupted/.test(path.basename(f)));
  for (const f of unrelated) fs.copyFileSync(f, path.join(photos, path.basename(f)));
  const copies = tempDir('similar-copies-');
  for (const name of ORIGINALS) for (const v of VARIANTS) await makeVariant(path.join(CAMERAS, name), v, copies);
  session = new ArchiveSession(dir, { host: 'web' });
  await session.api.startImport({ paths: [photos, copies], mode: 'reference' });
  await session.idle();
  byName = new Map((await session.api.listPhotos({})).map((p) => [p.fileName, p]));
}, 180_000);

afterAll(async () => {
  await session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const groupOf = (name: string) => session.api.similarPhotos({ id: byName.get(name)!.id });
const baseName = (fileName: string) => fileName.replace(/\.(q40|half|crop10|png|stripped)\.(jpg|png)$/, '.jpg');

describe('near-duplicates', () => {
  it('finds the original from every copy, and every copy from the original (recall printed)', async () => {
    const missed: string[] = [];
    const distances: Record<Variant, number[]> = { q40: [], half: [], crop10: [], png: [], stripped: [] };
    for (const name of ORIGINALS) {
      const original = byName.get(name)!;
      for (const v of VARIANTS) {
        const copy = `${path.parse(name).name}.${v}.${v === 'png' ? 'png' : 'jpg'}`;
        const g = await groupOf(copy);
        expect(g.hashed, copy).toBe(true);
        const hit = g.items.find((i) => i.id === original.id);
        if (!hit) missed.push(copy);
        else distances[v].push(hit.distance!);
      }
      const fromOriginal = (await groupOf(name)).items.map((i) => i.fileName);
      for (const v of VARIANTS) expect(fromOriginal).toContain(`${path.parse(name).name}.${v}.${v === 'png' ? 'png' : 'jpg'}`);
    }
    const total = ORIGINALS.length * VARIANTS.length;
    console.log(`near-duplicate recall: ${total - missed.length}/${total} (threshold ${NEAR_DUPLICATE_DISTANCE} bits); distances by copy kind:`, distances);
    expect(missed).toEqual([]);
  });

  it('puts no unrelated photo within the threshold (false positives printed)', async () => {
    const related = (a: string, b: string) =>
      baseName(a) === baseName(b) || RELATED_FIXTURES.some((set) => set.includes(baseName(a)) && set.includes(baseName(b)));
    const falsePositives: string[] = [];
    for (const p of byName.values()) {
      for (const item of (await groupOf(p.fileName)).items) {
        if (!item.self && !related(p.fileName, item.fileName)) falsePositives.push(`${p.fileName} ~ ${item.fileName} (${item.distance})`);
      }
    }
    console.log(`near-duplicate false positives among ${byName.size} photos: ${falsePositives.length}`, falsePositives);
    expect(falsePositives).toEqual([]);
  });

  it('names the copy with camera metadata and the largest one, as a person would pick the best evidence', async () => {
    const g = await groupOf('Nikon_D70.png.png');
    const original = g.items.find((i) => i.fileName === 'Nikon_D70.jpg')!;
    expect(original.best).toContain('camera');
    expect(g.items.find((i) => i.fileName === 'Nikon_D70.half.jpg')!.best).not.toContain('largest');
    expect(g.items.find((i) => i.fileName === 'Nikon_D70.stripped.jpg')!.hasCamera).toBe(false);
  });

  it('counts the "near-duplicates" filter exactly as a direct SQL count, and the filter shows those photos', async () => {
    const facets = await session.api.getFacets(PhotoQuery.parse({}));
    const shown = await session.api.searchPhotos(PhotoQuery.parse({ flags: ['near-duplicates'] }));
    const db = new Database(path.join(dir, 'catalog.sqlite'), { readonly: true });
    const sql = db
      .prepare(
        `SELECT count(DISTINCT id) FROM (SELECT a AS id FROM similar_pairs s WHERE NOT EXISTS (SELECT 1 FROM similar_decisions d WHERE d.a = s.a AND d.b = s.b AND verdict = 'different')
           UNION SELECT b FROM similar_pairs s WHERE NOT EXISTS (SELECT 1 FROM similar_decisions d WHERE d.a = s.a AND d.b = s.b AND verdict = 'different'))`,
      )
      .pluck()
      .get() as number;
    db.close();
    expect(facets.flags.find((f) => f.value === 'near-duplicates')!.count).toBe(sql);
    expect(shown).toHaveLength(sql);
    expect(sql).toBeGreaterThanOrEqual(ORIGINALS.length * (VARIANTS.length + 1));
  });

  it('records "not the same" in both photos\' history, drops the pair from the filter, and undoes it', async () => {
    const a = byName.get('Kodak_CX7530.jpg')!.id;
    const b = byName.get('Kodak_CX7530.crop10.jpg')!.id;
    const flagged = async () => (await session.api.searchPhotos(PhotoQuery.parse({ flags: ['near-duplicates'] }))).map((p) => p.id);
    expect(await flagged()).toContain(b);
    await session.api.decideSimilar({ a, b, verdict: 'different' });
    expect((await groupOf('Kodak_CX7530.jpg')).items.find((i) => i.id === b)!.decision).toBe('different');
    // b's only other pairs are with the original's other copies, so it stays flagged through them; a pair alone is gone.
    for (const id of [a, b]) {
      const h = await session.api.getHistory({ photoId: id, limit: 5 });
      expect(h[0]!.action).toBe('similar.decide');
      expect(h[0]!.newValue).toBe('different');
    }
    expect((await session.api.getUndoState({})).undoLabel).toMatch(/not the same image/);
    await session.api.undo({});
    expect((await groupOf('Kodak_CX7530.jpg')).items.find((i) => i.id === b)!.decision).toBeNull();
    await expect(session.api.decideSimilar({ a, b: a, verdict: 'same' })).rejects.toThrow(/two different photos/);
  });

  it('drops a photo from the filter when its only near-duplicates are withdrawn, and brings it back on reinstatement', async () => {
    const original = byName.get('Olympus_C8080WZ.jpg')!.id;
    const copies = (await groupOf('Olympus_C8080WZ.jpg')).items.filter((i) => !i.self).map((i) => i.id);
    expect(copies.length).toBeGreaterThan(0);
    const flagged = async () => (await session.api.searchPhotos(PhotoQuery.parse({ flags: ['near-duplicates'] }))).map((p) => p.id);
    const flagCount = async () => (await session.api.getFacets(PhotoQuery.parse({}))).flags.find((f) => f.value === 'near-duplicates')!.count;
    expect(await flagged()).toContain(original);
    const before = await flagCount();
    await session.api.withdrawPhotos({ photoIds: copies, reason: 'test: copies imported by mistake' });
    expect(await flagged()).not.toContain(original);
    expect(await flagCount()).toBe(before - copies.length - 1);
    await session.api.reinstatePhotos({ photoIds: copies });
    expect(await flagged()).toContain(original);
    expect(await flagCount()).toBe(before);
  });

  it('hashes an archive made before hashing existed, in the background, when it is opened', async () => {
    await session.close();
    const db = new Database(path.join(dir, 'catalog.sqlite'));
    db.exec('DELETE FROM photo_phash; DELETE FROM similar_pairs;');
    db.close();
    session = new ArchiveSession(dir, { host: 'web' });
    await session.idle();
    const g = await groupOf('Pentax_K10D.q40.jpg');
    expect(g.pending).toBe(0);
    expect(g.items.map((i) => i.fileName)).toContain('Pentax_K10D.jpg');
  });
});

describe('pHash', () => {
  it('is a 64-bit DCT hash: a flat image and its negative-gradient twin differ, and the hash is stable', () => {
    const ramp = Uint8Array.from({ length: 1024 }, (_, i) => (i % 32) * 8);
    const reversed = Uint8Array.from({ length: 1024 }, (_, i) => 255 - (i % 32) * 8);
    expect(phashOfRaster(ramp)).toMatch(/^[0-9a-f]{16}$/);
    expect(phashOfRaster(ramp)).toBe(phashOfRaster(Uint8Array.from(ramp)));
    expect(phashOfRaster(ramp)).not.toBe(phashOfRaster(reversed));
  });
});
