// Moved originals are flagged, never deleted, and relinked by hash; the catalogue is backed up
// and a damaged one restored.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/catalog/backup';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';

const open: ArchiveSession[] = [];
/** The API's defaults, spelled out: the session takes already-validated input. */
const UNSET = { damageIds: [], severity: null, confidence: null, note: '' };
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function archiveWith(files: string[]) {
  const dir = tempDir();
  const photos = copyFixtures(files);
  const session = new ArchiveSession(dir, { host: 'web' });
  open.push(session);
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  return { dir, photos, session };
}

const cli = runCli;

describe('moved and missing originals', () => {
  it('flags missing photos without deleting them, relinks a moved folder by hash, and reports what is still missing', async () => {
    const { photos, session } = await archiveWith(listJpegs(CAMERAS).slice(0, 4));
    const before = await session.api.listPhotos({});
    const terms = await session.api.getVocabulary({});
    await session.api.createRegion({ photoId: before[0]!.id, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, classId: terms.find((t) => t.key === 'building')!.id, ...UNSET });

    // The card is copied elsewhere under new names; one file is lost entirely.
    const moved = tempDir('moved-');
    const names = fs.readdirSync(photos).sort();
    names.slice(1).forEach((n, i) => fs.renameSync(path.join(photos, n), path.join(moved, `renamed-${i}.jpg`)));
    fs.rmSync(path.join(photos, names[0]!));

    expect(await session.api.checkOriginals({})).toMatchObject({ checked: 4, missing: 4 });
    const flagged = await session.api.listPhotos({});
    expect(flagged.map((p) => p.missing)).toEqual([true, true, true, true]);
    expect((await session.api.getAnnotations({ photoId: before[0]!.id })).regions).toHaveLength(1);

    const report = await session.api.relinkFolder({ folder: moved });
    expect(report.relinked).toHaveLength(3);
    expect(report.stillMissing).toBe(1);
    const after = await session.api.listPhotos({});
    expect(after.filter((p) => p.missing)).toHaveLength(1);
    const relinked = await session.api.getPhoto({ id: report.relinked[0]!.photoId });
    expect(path.dirname(relinked.sourcePath)).toBe(moved);
    const history = await session.api.getHistory({ photoId: report.relinked[0]!.photoId, limit: 10 });
    expect(history[0]).toMatchObject({ action: 'photo.relink', newValue: relinked.sourcePath });
  });

  it('"Locate…" accepts only the same bytes, then finds the others in that folder', async () => {
    const { photos, session } = await archiveWith(listJpegs(CAMERAS).slice(0, 3));
    const moved = tempDir('moved-');
    for (const n of fs.readdirSync(photos)) fs.renameSync(path.join(photos, n), path.join(moved, n));
    await session.api.checkOriginals({});
    const [first, second] = await session.api.listPhotos({});
    const firstDetail = await session.api.getPhoto({ id: first!.id });
    const secondName = (await session.api.getPhoto({ id: second!.id })).fileName;
    await expect(session.api.locatePhoto({ photoId: first!.id, path: path.join(moved, secondName) })).rejects.toThrow(/is not this photo/);
    const r = await session.api.locatePhoto({ photoId: first!.id, path: path.join(moved, firstDetail.fileName) });
    expect(r.relinked).toHaveLength(3);
    expect(r.stillMissing).toBe(0);
    expect((await session.api.listPhotos({})).some((p) => p.missing)).toBe(false);
  });

  it('relinks from the command line, exit code 6 while some are still missing', async () => {
    const { dir, photos, session } = await archiveWith(listJpegs(CAMERAS).slice(0, 2));
    await session.close();
    open.pop();
    const moved = tempDir('moved-');
    const [a, b] = fs.readdirSync(photos).sort();
    fs.renameSync(path.join(photos, a!), path.join(moved, a!));
    fs.rmSync(path.join(photos, b!));
    const r = await cli('relink', moved, '--archive', dir);
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(/1 relinked, 1 still missing/);
  });
});

describe('catalogue backups', () => {
  it('backs up on open and after N edits, rotating, and restores a corrupted catalogue', async () => {
    const { dir, session } = await archiveWith(listJpegs(CAMERAS).slice(0, 2));
    await session.api.setSettings({ backupEveryEdits: 2, backupKeep: 3 });
    const [photo] = await session.api.listPhotos({});
    const terms = await session.api.getVocabulary({});
    const building = terms.find((t) => t.key === 'building')!.id;
    for (let i = 0; i < 6; i++) {
      await session.api.createRegion({ photoId: photo!.id, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.1 + i / 100, h: 0.2 }, classId: building, ...UNSET });
    }
    const saved = await session.api.backupNow({});
    const backups = await session.api.listBackups({});
    expect(backups).toHaveLength(3); // rotated down to the configured number
    expect(backups[0]!.name).toBe(saved.name);
    await session.close();
    open.pop();

    // Damage the live catalogue: zero out pages in the middle of the file.
    const live = path.join(dir, 'catalog.sqlite');
    const fd = fs.openSync(live, 'r+');
    fs.writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 4096);
    fs.closeSync(fd);
    const damaged = (() => {
      try {
        const db = new Database(live);
        const r = db.pragma('integrity_check', { simple: true });
        db.close();
        return r !== 'ok';
      } catch {
        return true;
      }
    })();
    expect(damaged).toBe(true);

    const r = await cli('restore', '--archive', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Restored ${saved.name}`));
    const db = new Database(live, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM regions').get() as { n: number }).n).toBe(6);
    db.close();
    expect(fs.readdirSync(path.join(dir, 'backups')).some((f) => f.startsWith('replaced-'))).toBe(true);
    expect(listBackups(dir).length).toBeGreaterThan(0);
  });

  it('restores from the app, reopening the archive in place', async () => {
    const { session } = await archiveWith(listJpegs(CAMERAS).slice(0, 2));
    const [photo] = await session.api.listPhotos({});
    const backup = await session.api.backupNow({});
    await session.api.applyBatch({ photoIds: [photo!.id], addTagIds: [], removeTagIds: [], fields: { caption: 'after the backup' } });
    const r = await session.api.restoreBackup({ name: backup.name });
    expect(r.restored).toBe(backup.name);
    expect((await session.api.getAnnotations({ photoId: photo!.id })).meta.caption).toBeUndefined();
  });
});
