// The import pipeline end to end on real files: orientation, duplicates, resume, bad files, copies.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { derivedPath, openArchive, type Archive } from '../../electron/catalog/archive';
import { runImport } from '../../electron/catalog/importer';
import { listAllRows, listProblems } from '../../electron/catalog/photos';
import { verifyArchive } from '../../electron/catalog/verify';
import { mediaContentType, resolveMedia } from '../../electron/service/media';
import { CAMERAS, ORIENTATION, copyFixtures, isRoot, listJpegs, tempDir } from '../helpers/fixtures';
import { pngBomb } from '../helpers/hostile-files';
import { meanAbsDiff, signature } from '../helpers/images';

const open: Archive[] = [];
function newArchive(): Archive {
  const a = openArchive(tempDir());
  open.push(a);
  return a;
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

describe('orientation', () => {
  it('renders every EXIF orientation upright, with the right aspect, in both sizes', async () => {
    const archive = newArchive();
    const result = await runImport(archive, [copyFixtures(listJpegs(ORIENTATION))], { mode: 'reference' });
    expect(result.imported).toBe(18);
    const rows = listAllRows(archive.db);
    const byName = new Map(rows.map((r) => [r.file_name, r]));
    for (const kind of ['Landscape', 'Portrait'] as const) {
      const ref = await signature(derivedPath(archive.dir, 'thumbs', byName.get(`${kind}_1.jpg`)!.sha256!));
      for (let o = 0; o <= 8; o++) {
        const row = byName.get(`${kind}_${o}.jpg`)!;
        expect(row.status).toBe('ok');
        const landscape = row.width! > row.height!;
        expect(landscape, `${kind}_${o} displayed ${row.width}x${row.height}`).toBe(kind === 'Landscape');
        for (const k of ['thumbs', 'previews'] as const) {
          const file = derivedPath(archive.dir, k, row.sha256!);
          const meta = await sharp(file).metadata();
          expect(meta.format).toBe(k === 'thumbs' ? 'webp' : 'jpeg');
          expect(meta.width! > meta.height!, `${k} of ${kind}_${o}`).toBe(kind === 'Landscape');
          expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(k === 'thumbs' ? 320 : 2048);
        }
        // Same picture, same way up as the untransformed file.
        const sig = await signature(derivedPath(archive.dir, 'thumbs', row.sha256!));
        expect(meanAbsDiff(sig, ref), `${kind}_${o} differs from ${kind}_1`).toBeLessThan(8);
      }
      // The check can fail: the reference turned upside down is far from itself.
      const flipped = await sharp(derivedPath(archive.dir, 'thumbs', byName.get(`${kind}_1.jpg`)!.sha256!)).rotate(180).toBuffer();
      expect(meanAbsDiff(await signature(flipped), ref)).toBeGreaterThan(20);
    }
  });
});

describe('duplicates and resuming', () => {
  it('recognises the same bytes imported twice, in one run and across runs', async () => {
    const archive = newArchive();
    const dir = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg'), path.join(CAMERAS, 'Nikon_D70.jpg')]);
    fs.copyFileSync(path.join(dir, 'Canon_40D.jpg'), path.join(dir, 'copy of Canon_40D.jpg'));
    const first = await runImport(archive, [dir], { mode: 'reference' });
    expect(first).toMatchObject({ imported: 2, duplicates: 1, failed: 0 });

    const elsewhere = tempDir('elsewhere-');
    fs.copyFileSync(path.join(CAMERAS, 'Nikon_D70.jpg'), path.join(elsewhere, 'renamed.jpg'));
    const second = await runImport(archive, [elsewhere], { mode: 'reference' });
    expect(second).toMatchObject({ imported: 0, duplicates: 1 });
    const dups = listProblems(archive.db).filter((p) => p.kind === 'duplicate');
    // Files are imported in parallel, so which of two identical files in one run becomes the photo
    // depends on which is hashed first: exactly one of them is the photo, the other its duplicate.
    const canon = ['Canon_40D.jpg', 'copy of Canon_40D.jpg'];
    const dupNames = dups.map((d) => path.basename(d.path)).sort();
    expect(dupNames).toHaveLength(2);
    expect(dupNames).toContain('renamed.jpg');
    const canonDup = dupNames.find((n) => n !== 'renamed.jpg')!;
    expect(canon).toContain(canonDup);
    const rows = listAllRows(archive.db);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => path.basename(r.source_path)).sort()).toEqual([canon.find((n) => n !== canonDup)!, 'Nikon_D70.jpg'].sort());
  });

  it('finishes only what is missing after a cancelled import', async () => {
    const archive = newArchive();
    const dir = copyFixtures(listJpegs(CAMERAS));
    const abort = new AbortController();
    let seen = 0;
    const partial = await runImport(archive, [dir], {
      mode: 'reference',
      concurrency: 1,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.state === 'importing' && p.done > 0) seen = p.done;
        if (p.done >= 10) abort.abort();
      },
    });
    expect(partial.state).toBe('cancelled');
    expect(seen).toBeGreaterThan(0);
    const afterCancel = listAllRows(archive.db).length;
    expect(afterCancel).toBeGreaterThanOrEqual(10);
    expect(afterCancel).toBeLessThan(40);

    const resumed = await runImport(archive, [dir], { mode: 'reference' });
    expect(resumed.state).toBe('done');
    expect(resumed.skipped).toBe(afterCancel);
    expect(resumed.imported).toBe(40 - afterCancel);
    expect(listAllRows(archive.db)).toHaveLength(40);
  });
});

describe('bad files', () => {
  it('records each bad file with its reason and imports the rest', async () => {
    const dir = tempDir('bad-');
    const good = fs.readFileSync(path.join(CAMERAS, 'Canon_40D.jpg'));
    fs.copyFileSync(path.join(CAMERAS, 'Nikon_D70.jpg'), path.join(dir, 'good one.jpg'));
    fs.writeFileSync(path.join(dir, 'truncated.jpg'), good.subarray(0, Math.floor(good.length / 2)));
    fs.writeFileSync(path.join(dir, 'empty.jpg'), Buffer.alloc(0));
    fs.writeFileSync(path.join(dir, 'not-an-image.jpg'), Buffer.from('%PDF-1.4 this is a document, not a photo\n'.repeat(50)));
    fs.writeFileSync(path.join(dir, 'bomb.png'), pngBomb(100_000, 100_000));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'field notes');
    const odd = 'Хорог «ruins» "quote" \'apos\' $x.jpg';
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(dir, odd));

    const archive = newArchive();
    const result = await runImport(archive, [dir], { mode: 'reference' });
    expect(result).toMatchObject({ imported: 2, failed: 4, duplicates: 0 });
    const reasons = new Map(listProblems(archive.db).map((p) => [path.basename(p.path), p.reason]));
    expect(reasons.get('truncated.jpg')).toMatch(/truncated|corrupt/);
    expect(reasons.get('empty.jpg')).toBe('empty file (0 bytes)');
    expect(reasons.get('not-an-image.jpg')).toBe('not an image: the contents are application/pdf, though the name ends in .jpg');
    expect(reasons.get('bomb.png')).toMatch(/100000x100000 pixels .* more than the limit/);
    // Not an image, so not a failure either: listed as an other file, with its size and hash.
    expect(listProblems(archive.db).find((p) => path.basename(p.path) === 'notes.txt')).toMatchObject({ kind: 'other' });
    expect(reasons.get('notes.txt')).toMatch(/^not an image: the contents are plain text \(11 bytes, SHA-256 [0-9a-f]{64}\)$/);
    expect(listAllRows(archive.db).find((r) => r.file_name === odd)?.status).toBe('ok');
    expect(result.message).toMatch(/1 other file not imported \(not images or videos; listed under Import problems\): notes\.txt\.$/);
  });

  it('reports a folder it cannot read and goes on', async (ctx) => {
    if (isRoot) {
      console.warn('skipped: running as root, which reads any folder regardless of permissions, so EACCES cannot be produced');
      ctx.skip();
    }
    const dir = tempDir('locked-');
    fs.copyFileSync(path.join(CAMERAS, 'Nikon_D70.jpg'), path.join(dir, 'ok.jpg'));
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o000);
    try {
      const archive = newArchive();
      const result = await runImport(archive, [dir], { mode: 'reference' });
      expect(result).toMatchObject({ imported: 1, failed: 1 });
      expect(listProblems(archive.db)[0]?.reason).toMatch(/permission denied/);
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });

  it('does not loop on a symlink cycle, and refuses a missing path without cataloguing it', async () => {
    const dir = tempDir('loop-');
    fs.copyFileSync(path.join(CAMERAS, 'Nikon_D70.jpg'), path.join(dir, 'ok.jpg'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    const archive = newArchive();
    // A typed path that is not there is refused before anything starts (it is no file of the user's).
    await expect(runImport(archive, [dir, path.join(dir, 'gone')], { mode: 'reference' })).rejects.toThrow(/gone: no such file or folder/);
    expect(listAllRows(archive.db)).toHaveLength(0);
    const result = await runImport(archive, [dir], { mode: 'reference' });
    expect(result).toMatchObject({ imported: 1, failed: 0, duplicates: 0 });
  });
});

describe('type by content', () => {
  it('takes a JPEG named .CR2 as the JPEG it is, and a RAW-named JPEG without EXIF too', async () => {
    // The contents decide, not the name: both are decoded as pictures, with their true format.
    const dir = tempDir('raw-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(dir, 'IMG_0001.CR2'));
    fs.copyFileSync(path.join(CAMERAS, 'xmp__no_exif.jpg'), path.join(dir, 'DSC_0002.nef'));
    const archive = newArchive();
    const result = await runImport(archive, [dir], { mode: 'reference' });
    expect(result).toMatchObject({ imported: 2, failed: 0 });
    const rows = new Map(listAllRows(archive.db).map((r) => [r.file_name, r]));
    expect(rows.get('IMG_0001.CR2')).toMatchObject({ status: 'ok', format: 'jpeg', has_thumb: 1, make: 'Canon', model: 'Canon EOS 40D', width: 100, height: 68 });
    const second = rows.get('DSC_0002.nef')!;
    expect(second).toMatchObject({ status: 'ok', format: 'jpeg', has_thumb: 1 });
    expect(await resolveMedia(archive, 'thumb', String(second.id))).not.toBeNull();
  });
});

describe('previews', () => {
  it('makes a missing preview on demand from the unchanged original, and refuses a changed one', async () => {
    const dir = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg'), path.join(CAMERAS, 'Nikon_D70.jpg')]);
    const archive = newArchive();
    const abort = new AbortController();
    const result = await runImport(archive, [dir], {
      mode: 'reference',
      signal: abort.signal,
      onProgress: (p) => p.state === 'previews' && abort.abort(),
    });
    expect(result).toMatchObject({ state: 'cancelled', imported: 2 });
    const [canon, nikon] = ['Canon_40D.jpg', 'Nikon_D70.jpg'].map((n) => listAllRows(archive.db).find((r) => r.file_name === n)!);
    expect([canon!.has_preview, nikon!.has_preview]).toEqual([0, 0]);
    expect(await resolveMedia(archive, 'thumb', String(canon!.id))).not.toBeNull();

    const file = await resolveMedia(archive, 'preview', String(canon!.id));
    expect(file).toBe(fs.realpathSync(derivedPath(archive.dir, 'previews', canon!.sha256!)));
    expect(file!.endsWith('.jpg')).toBe(true);
    expect((await sharp(file!).metadata()).format).toBe('jpeg');
    expect(listAllRows(archive.db).find((r) => r.id === canon!.id)!.has_preview).toBe(1);

    fs.appendFileSync(nikon!.source_path, 'changed');
    expect(await resolveMedia(archive, 'preview', String(nikon!.id))).toBeNull();

    // The next import finishes the missing previews (none possible for the changed file).
    const again = await runImport(archive, [dir], { mode: 'reference' });
    expect(again).toMatchObject({ previewsTotal: 1, previewsFailed: 1 });
    expect(again.message).toMatch(/1 preview could not be made/);
  });
});

describe('previews written as WebP by an earlier version', () => {
  it('are still served, as WebP, until a JPEG preview exists; then the JPEG is', async () => {
    const dir = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg')]);
    const archive = newArchive();
    await runImport(archive, [dir], { mode: 'reference' });
    const row = listAllRows(archive.db)[0]!;
    const jpg = derivedPath(archive.dir, 'previews', row.sha256!);
    // The archive as the older version left it: a .webp preview, no .jpg.
    const legacy = jpg.replace(/\.jpg$/, '.webp');
    await sharp(jpg).webp().toFile(legacy);
    fs.rmSync(jpg);
    const served = await resolveMedia(archive, 'preview', String(row.id));
    expect(served).toBe(fs.realpathSync(legacy));
    expect(mediaContentType(served!)).toBe('image/webp');
    expect((await sharp(served!).metadata()).format).toBe('webp');
    // Once a JPEG preview is there (re-rendered), it is the one shown.
    await sharp(legacy).jpeg().toFile(jpg);
    const now = await resolveMedia(archive, 'preview', String(row.id));
    expect(now).toBe(fs.realpathSync(jpg));
    expect(mediaContentType(now!)).toBe('image/jpeg');
  });
});

describe('copy into archive', () => {
  it('stores read-only copies verified by hash, and verify reports changes and losses', async () => {
    const dir = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg'), path.join(CAMERAS, 'gps__DSCN0010.jpg')]);
    const archive = newArchive();
    await runImport(archive, [dir], { mode: 'copy' });
    const rows = listAllRows(archive.db);
    for (const r of rows) {
      expect(r.stored_path).toMatch(/^originals\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
      const stored = path.join(archive.dir, r.stored_path!);
      expect(fs.readFileSync(stored).equals(fs.readFileSync(r.source_path))).toBe(true);
      expect(fs.statSync(stored).mode & 0o222).toBe(0);
    }
    expect((await verifyArchive(archive)).issues).toEqual([]);

    const [a, b] = rows;
    const aStored = path.join(archive.dir, a!.stored_path!);
    fs.chmodSync(aStored, 0o644);
    fs.appendFileSync(aStored, 'tampered');
    fs.rmSync(path.join(archive.dir, b!.stored_path!));
    const report = await verifyArchive(archive);
    expect(report.issues.map((i) => [i.id, i.problem]).sort()).toEqual([
      [a!.id, 'changed'],
      [b!.id, 'missing'],
    ]);
  });

  it('never writes the originals it imports', async () => {
    const dir = copyFixtures(listJpegs(CAMERAS).slice(0, 6));
    const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
    const mtimes = new Map(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));
    const archive = newArchive();
    await runImport(archive, [dir], { mode: 'copy' });
    for (const [f, bytes] of before) {
      expect(fs.readFileSync(path.join(dir, f)).equals(bytes)).toBe(true);
      expect(fs.statSync(path.join(dir, f)).mtimeMs).toBe(mtimes.get(f));
    }
  });
});
